package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.notifications.Outbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Requests to join waiting to be checked against the roll, in the order they came. */
@Repository
class JoiningInbox {

    /** Failures after which a request is deleted: 1 + 2 + 4 + 8 minutes of tries, then no more. */
    static final int MOST_FAILURES = 5;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ObjectProvider<JoiningWorker> worker;

    JoiningInbox(JdbcClient jdbc, JsonMapper json, ObjectProvider<JoiningWorker> worker) {
        this.jdbc = jdbc;
        this.json = json;
        this.worker = worker;
    }

    /**
     * Adds a request in the caller's transaction. The worker is woken a moment after it commits, once the caller has
     * answered, so that looking the person up shares no time with the answer.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(JoinDetails details, Instant now) {
        jdbc.sql("""
                        insert into membership.joining_inbox (details, received_at)
                        values (cast(:details as jsonb), :now)
                        """)
                .param("details", json.writeValueAsString(details))
                .param("now", Timestamp.from(now))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.ifAvailable(requests -> requests.wakeUpIn(Outbox.AFTER_THE_ANSWER));
            }
        });
    }

    /** A request taken from the inbox as it was stored, with the row it came from. */
    record Taken(long id, String details) {}

    /** The request's details; throws if the row cannot be read as them. */
    JoinDetails details(Taken taken) {
        return json.readValue(taken.details(), JoinDetails.class);
    }

    /**
     * Takes the oldest request no other instance holds and none has failed on lately, gone for good when the
     * caller's transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Taken> takeNext(Instant now) {
        return jdbc.sql("""
                        delete from membership.joining_inbox
                        where id = (select id from membership.joining_inbox
                                    where try_after is null or try_after <= :now
                                    order by id limit 1 for update skip locked)
                        returning id, details::text
                        """)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Taken(rs.getLong("id"), rs.getString(2)))
                .optional();
    }

    /**
     * Counts a failure against the row (its taking was rolled back) and puts it off for a while, longer each time;
     * deletes it after {@link #MOST_FAILURES}. Returns whether it was deleted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean failed(long id, Instant now) {
        Integer failures = jdbc.sql("""
                        update membership.joining_inbox
                        set failures = failures + 1, try_after = cast(:now as timestamptz) + make_interval(mins => power(2, failures)::int)
                        where id = :id
                        returning failures
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .optional()
                .orElse(MOST_FAILURES);
        if (failures >= MOST_FAILURES) {
            jdbc.sql("delete from membership.joining_inbox where id = :id")
                    .param("id", id)
                    .update();
            return true;
        }
        return false;
    }
}
