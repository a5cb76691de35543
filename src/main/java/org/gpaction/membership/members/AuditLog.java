package org.gpaction.membership.members;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.common.retention.BatchedDeletes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Who looked at or changed which member record, and when, kept for the period the privacy notice states. */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** Entries deleted per transaction, so a first run over years of them never holds one huge transaction. */
    static final int BATCH = 10_000;

    record Entry(Instant at, String actor, String action, String membershipNumber, String detail) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MembershipProperties properties;
    private final TransactionTemplate transaction;

    AuditLog(JdbcClient jdbc, Clock clock, MembershipProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Deletes the entries older than {@link MembershipProperties#keepAuditLogFor()}, counted in UK time (a period of
     * months or years has no fixed length).
     *
     * @return how many entries were deleted
     */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT20M")
    public int forgetOldEntries() {
        Instant keepSince = AuditLogRetention.keptFor(properties).keepSince(clock.instant());
        int forgotten = BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql("""
                        delete from membership.audit_log where id in (
                            select id from membership.audit_log where at < :keepSince
                            limit :batch for update skip locked)
                        """)
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)
                        .update());
        if (forgotten > 0) {
            log.info("Deleted {} membership audit log entries from before {}", forgotten, UkTime.format(keepSince));
        }
        return forgotten;
    }

    /**
     * The moment a check or a reading was for, as an entry says it: in UK time for the reader, then the instant itself,
     * as the UK time is to the minute and an entry must say exactly which moment was read.
     */
    static String moment(Instant at) {
        return UkTime.onOrAt(at) + " (UK time; " + at + ")";
    }

    public void record(String actor, String action, String membershipNumber, String detail) {
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        values (:at, :actor, :action, :number, :detail)
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("number", membershipNumber)
                .param("detail", detail)
                .update();
    }

    /** The same act on many members at once, one entry each, in one statement. */
    public void recordEach(String actor, String action, java.util.Collection<String> membershipNumbers, String detail) {
        if (membershipNumbers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        select :at, :actor, :action, number, :detail from unnest(cast(:numbers as text[])) as number
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("numbers", membershipNumbers.toArray(String[]::new))
                .param("detail", detail)
                .update();
    }

    List<Entry> recent(String membershipNumber, int limit) {
        return jdbc.sql("""
                        select at, actor, action, membership_number, detail from membership.audit_log
                        where cast(:number as text) is null or membership_number = :number
                        order by at desc, id desc limit :limit
                        """)
                .param("number", membershipNumber)
                .param("limit", limit)
                .query((rs, row) -> new Entry(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("membership_number"),
                        rs.getString("detail")))
                .list();
    }
}
