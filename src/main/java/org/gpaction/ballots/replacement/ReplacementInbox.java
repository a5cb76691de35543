package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.common.inbox.InboxRows;
import org.gpaction.notifications.Outbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Replacement requests waiting to be acted on, in the order they came. */
@Repository
class ReplacementInbox {

    private final JdbcClient jdbc;
    private final ObjectProvider<ReplacementWorker> worker;

    ReplacementInbox(JdbcClient jdbc, ObjectProvider<ReplacementWorker> worker) {
        this.jdbc = jdbc;
        this.worker = worker;
    }

    /**
     * Adds a request in the caller's transaction. The worker is woken a moment after it commits, once the caller has
     * answered, so that acting on it shares no time with the answer.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(ReplacementRequestCommand request, Instant now) {
        jdbc.sql("""
                        insert into ballots.replacement_inbox (membership_number, gmc_number, email, received_at)
                        values (:number, :gmc, :email, :now)
                        """)
                .param("number", request.membershipNumber())
                .param("gmc", request.gmcNumber())
                .param("email", request.email())
                .param("now", Timestamp.from(now))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.ifAvailable(requests -> requests.wakeUpIn(Outbox.AFTER_THE_ANSWER));
            }
        });
    }

    /**
     * Takes the oldest request no other instance holds and none has failed on lately, gone for good when the caller's
     * transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<InboxRows.Taken<ReplacementRequestCommand>> takeNext(Instant now) {
        return jdbc.sql("""
                        delete from ballots.replacement_inbox
                        where id = (select id from ballots.replacement_inbox
                                    where try_after is null or try_after <= :now
                                    order by id limit 1 for update skip locked)
                        returning id, membership_number, gmc_number, email
                        """)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new InboxRows.Taken<>(
                        rs.getLong("id"),
                        new ReplacementRequestCommand(rs.getString(2), rs.getString(3), rs.getString(4))))
                .optional();
    }

    /** Counts a failure against the row and puts it off; see {@link InboxRows#putOff}. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean failed(long id, Instant now) {
        return InboxRows.putOff(jdbc, "ballots.replacement_inbox", id, now);
    }
}
