package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.inbox.InboxRows;
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

    /** The request's details; throws if the row cannot be read as them. */
    JoinDetails details(InboxRows.Taken<String> taken) {
        return json.readValue(taken.request(), JoinDetails.class);
    }

    /**
     * Takes the oldest request no other instance holds and none has failed on lately, as stored, gone for good when
     * the caller's transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<InboxRows.Taken<String>> takeNext(Instant now) {
        return jdbc.sql("""
                        delete from membership.joining_inbox
                        where id = (select id from membership.joining_inbox
                                    where try_after is null or try_after <= :now
                                    order by id limit 1 for update skip locked)
                        returning id, details::text
                        """)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new InboxRows.Taken<>(rs.getLong("id"), rs.getString(2)))
                .optional();
    }

    /** Counts a failure against the row and puts it off; see {@link InboxRows#putOff}. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean failed(long id, Instant now) {
        return InboxRows.putOff(jdbc, "membership.joining_inbox", id, now);
    }
}
