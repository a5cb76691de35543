package org.gpaction.ballots.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.common.CountWords;
import org.gpaction.common.retention.KeptFor;
import org.gpaction.notifications.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what a published ballot keeps about its voters once the retention period after publication has passed:
 * the roll, every link's hash, replacement requests and corrected addresses, who was sent each reminder, the emails to
 * them that never went (through the outbox's own API), and the membership numbers and addresses in its log's entries. First, in the same transaction, it fixes the figures the
 * result and the scrutineer's report count from those records (views {@code voter_count} and
 * {@code area_turnout}), so they read the same afterwards. The papers, the ballot record, the seal and the log's
 * entries stay: they name nobody. Each ballot is claimed with SKIP LOCKED and done in its own transaction, so
 * several instances share the work and none does a ballot twice.
 */
@Service
public class VoterRecords {

    private static final Logger log = LoggerFactory.getLogger(VoterRecords.class);

    /** Log entries whose detail names a member by number or email address. */
    static final String NAMING_ENTRIES =
            "('ENROLLED', 'ROLL_CORRECTED', 'REPLACEMENT_ISSUED', 'REPLACEMENT_QUEUED', 'REPLACEMENT_DECLINED',"
                    + " 'REPLACEMENT_REFUSED', 'REPLACEMENT_NOT_KEPT', 'EMAIL_CORRECTED', 'ROLL_CHECK_CONFIRMED', 'ROLL_CHECK_REFUSED')";

    private final JdbcClient jdbc;
    private final BallotLogEntries logEntries;
    private final Outbox outbox;
    private final RetentionProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    VoterRecords(
            JdbcClient jdbc,
            BallotLogEntries logEntries,
            Outbox outbox,
            RetentionProperties properties,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.logEntries = logEntries;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** Forgets the voters of every ballot whose period has passed; returns how many ballots. */
    @Scheduled(
            fixedDelayString = "${gpaction.ballots.retention.check-every:6h}",
            initialDelayString = "${gpaction.ballots.retention.first-check-after:5m}")
    public int forgetDue() {
        Instant now = clock.instant();
        Instant publishedBefore = VoterRecordsRetention.keptFor(properties).keepSince(now);
        int done = 0;
        while (Boolean.TRUE.equals(transactions.execute(status -> forgetOne(publishedBefore, now)))) {
            done++;
        }
        return done;
    }

    private boolean forgetOne(Instant publishedBefore, Instant now) {
        Optional<Long> due = jdbc.sql("""
                        select id from ballots.ballot
                        where status = 'PUBLISHED' and voters_forgotten_at is null and published_at < :before
                        order by id limit 1
                        for update skip locked
                        """)
                .param("before", Timestamp.from(publishedBefore))
                .query(Long.class)
                .optional();
        if (due.isEmpty()) {
            return false;
        }
        long id = due.get();
        keepFigures(id);
        long members = jdbc.sql("select eligible from ballots.kept_count where ballot_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
        delete("""
                delete from ballots.earlier_link e using ballots.credential c
                where c.id = e.credential_id and c.ballot_id = :id
                """, id);
        delete("""
                delete from ballots.reminder_sent s using ballots.reminder_round r
                where r.id = s.round_id and r.ballot_id = :id
                """, id);
        delete("""
                delete from ballots.replacement_request_not_kept k using ballots.replacement_request r
                where r.id = k.request_id and r.ballot_id = :id
                """, id);
        delete("""
                delete from ballots.replacement_request_address a using ballots.replacement_request r
                where r.id = a.request_id and r.ballot_id = :id
                """, id);
        delete("delete from ballots.replacement_request where ballot_id = :id", id);
        delete("delete from ballots.ballot_address where ballot_id = :id", id);
        delete("delete from ballots.credential where ballot_id = :id", id);
        delete("delete from ballots.roll_entry where ballot_id = :id", id);
        // The checks of roles members declared stay, for the report's counts of them, without whom each was about.
        delete("""
                update ballots.roll_check set membership_number = null, role = null, practice_ods = null,
                    evidence = null, declared_at = null, reason = null
                where ballot_id = :id
                """, id);
        // The voting emails that never went name members of the roll; their count is kept above.
        int unsent = outbox.forgetUnsent(BallotEmails.about(id));
        int redacted = jdbc.sql("update ballots.ballot_log set detail = :detail where ballot_id = :id and action in "
                        + NAMING_ENTRIES)
                .param("detail", "Who this was about was deleted at the end of the retention period")
                .param("id", id)
                .update();
        jdbc.sql("update ballots.ballot set voters_forgotten_at = :now where id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
        logEntries.add(
                id,
                "system",
                "VOTER_RECORDS_DELETED",
                "The roll of " + CountWords.of(members, "member", "members")
                        + ", their links, replacement requests and reminders, the "
                        + CountWords.of(unsent, "email", "emails")
                        + " to them that never went, and the member details in "
                        + CountWords.of(redacted, "log entry", "log entries")
                        + " deleted "
                        + KeptFor.inWords(properties.keepVoterRecordsFor())
                        + " after publication; the figures, papers and ballot record are kept",
                now);
        log.info("Ballot {}: records of its {} voters deleted at the end of the retention period", id, members);
        return true;
    }

    private void keepFigures(long id) {
        jdbc.sql("""
                        insert into ballots.kept_count (ballot_id, eligible, voted, issued, links,
                            replacements_by_scrutineer, requests_declined, undelivered)
                        select ballot_id, eligible, voted, issued, links, replacements_by_scrutineer,
                            requests_declined, :undelivered
                        from ballots.voter_count where ballot_id = :id
                        """)
                .param("id", id)
                .param("undelivered", outbox.undelivered(BallotLinks.CATEGORY, BallotEmails.about(id)))
                .update();
        jdbc.sql("""
                        insert into ballots.kept_area_turnout (ballot_id, grouping, area, eligible, voted)
                        select ballot_id, grouping, area, eligible, voted
                        from ballots.area_turnout where ballot_id = :id
                        """).param("id", id).update();
    }

    private void delete(String sql, long id) {
        jdbc.sql(sql).param("id", id).update();
    }
}
