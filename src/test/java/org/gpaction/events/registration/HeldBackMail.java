package org.gpaction.events.registration;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.Events;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mail queued and held back, as a mail server that is down would hold it: not due for an hour, so nothing but the test
 * that queued it sends it, or claims it.
 */
record HeldBackMail(
        JdbcClient jdbc, PlatformTransactionManager transactions, Events events, Registrations registrations) {

    /**
     * Runs {@code queue} and holds back what is waiting to go to these addresses, in the same transaction: none of it
     * goes before it is held back.
     */
    void holdBack(Runnable queue, String... addresses) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            queue.run();
            jdbc.sql("""
                            update notifications.outbox set next_attempt = now() + interval '1 hour'
                            where recipient in (:addresses) and status = 'PENDING'
                            """).param("addresses", List.of(addresses)).update();
        });
    }

    /**
     * Moves the event to this address, as EventChanges does, and holds back what it queued for these addresses in the
     * same transaction.
     */
    void moveHoldingBackMailTo(long id, String address, String... addresses) {
        changeHoldingBackMailTo(
                id,
                before -> EventsTestData.changed(before, address, before.joiningLink(), before.endsAt()),
                addresses);
    }

    /**
     * Changes the event as EventChanges does, to what {@code change} makes of it as it was, and holds back what it
     * queued for these addresses in the same transaction.
     */
    void changeHoldingBackMailTo(long id, Function<Event, EventDetails> change, String... addresses) {
        holdBack(
                () -> {
                    Event before = events.lock(id).orElseThrow();
                    events.update(before, change.apply(before), Instant.now());
                    registrations.changed(before, id);
                },
                addresses);
    }
}
