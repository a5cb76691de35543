package org.gpaction.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An instance sending mail that stops after the mail server took a message and before recording it as sent: a trigger
 * on the outbox fails that record as the stop would, and the batch's transaction with it. It stays until closed;
 * closing waits for any attempt it stopped to end, as that holds the table the trigger is on.
 */
public final class OutboxStops implements AutoCloseable {

    /** What the stopped attempt fails with. */
    public static final String STOPPED = "the instance stopped for the test";

    private final JdbcClient jdbc;

    private OutboxStops(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every message recorded as sent stops its attempt: only on a database of the test's own ({@code OutboxDatabase}),
     * as on the shared one it would stop every other test's mail, and the running application's, while it stays.
     */
    public static OutboxStops stopBeforeSent(JdbcClient jdbc) {
        return stop(jdbc, "", "new.status = 'SENT'");
    }

    /**
     * Recording this message as sent waits for the advisory lock {@code heldBy} (which the test holds, so that it can
     * act while the message is delivered and not yet recorded), then stops its attempt; other messages go as usual.
     */
    public static OutboxStops stopBeforeSent(JdbcClient jdbc, long message, long heldBy) {
        return stop(
                jdbc,
                "perform pg_advisory_xact_lock(" + heldBy + ");",
                "old.id = " + message + " and new.status = 'SENT'");
    }

    private static OutboxStops stop(JdbcClient jdbc, String first, String when) {
        OutboxStops stop = new OutboxStops(jdbc);
        try {
            jdbc.sql("""
                            create function notifications.stop_before_sent_for_test() returns trigger
                            language plpgsql as $$
                            begin
                                %s
                                raise exception '%s';
                            end $$
                            """.formatted(first, STOPPED)).update();
            jdbc.sql("""
                            create trigger stop_before_sent_for_test before update on notifications.outbox
                            for each row when (%s) execute function notifications.stop_before_sent_for_test()
                            """.formatted(when)).update();
            return stop;
        } catch (RuntimeException e) {
            try {
                stop.close();
            } catch (RuntimeException cleaning) {
                e.addSuppressed(cleaning);
            }
            throw e;
        }
    }

    /** Takes the stop away: recording a message as sent works again. */
    @Override
    public void close() {
        jdbc.sql("drop trigger if exists stop_before_sent_for_test on notifications.outbox")
                .update();
        jdbc.sql("drop function if exists notifications.stop_before_sent_for_test()")
                .update();
    }
}
