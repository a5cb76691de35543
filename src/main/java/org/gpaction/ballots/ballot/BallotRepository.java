package org.gpaction.ballots.ballot;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.membership.RuleSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Ballots' own rows: their settings, their status as they move on, and the locks taken on them. */
@Repository
public class BallotRepository {

    private static final String SELECT = """
            select id, title, question, options, rule_set, opens_at, closes_at, roll_cutoff, scrutineer_name,
                   sender_address, status, roll_frozen_at, voters_forgotten_at
            from ballots.ballot
            """;

    private final JdbcClient jdbc;

    BallotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(BallotDraft draft, String actor, Instant now) {
        return withSettings(jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        values (:title, :question, :options, :ruleSet, :opens, :closes, :cutoff, :scrutineer,
                            :sender, 'DRAFT', :actor, :now)
                        returning id
                        """), draft)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    public Optional<Ballot> find(long id) {
        return jdbc.sql(SELECT + " where id = :id")
                .param("id", id)
                .query(BallotRepository::ballot)
                .optional();
    }

    /**
     * The ballot row locked for sharing, for changes to its roll and links that must not cross the cut-off or the
     * close. Votes do not take it: they hold the ballot box ({@link BallotBox}), so the row lock never queues behind
     * them.
     */
    public Optional<Ballot> findForVoting(long id) {
        return jdbc.sql(SELECT + " where id = :id for share")
                .param("id", id)
                .query(BallotRepository::ballot)
                .optional();
    }

    public Optional<Ballot> lock(long id) {
        return jdbc.sql(SELECT + " where id = :id for update")
                .param("id", id)
                .query(BallotRepository::ballot)
                .optional();
    }

    public List<Ballot> all() {
        return jdbc.sql(SELECT + " order by opens_at desc, id desc")
                .query(BallotRepository::ballot)
                .list();
    }

    /**
     * Ballots whose next step is due, claimed so that only one application instance takes each. A ballot due to open
     * without a trustee's key, or first found after its closing time, is claimed once more each time it is scheduled,
     * to log why it stays shut.
     */
    public List<Ballot> claimDue(Instant now) {
        return jdbc.sql(SELECT + """
                        where (status = 'SCHEDULED' and opens_at <= :now and closes_at > :now
                               and exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id))
                           or (status = 'SCHEDULED' and closes_at <= :now
                               and exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id)
                               and not exists (select 1 from ballots.ballot_log l
                                               where l.ballot_id = ballot.id and l.action = 'NOT_OPENED_CLOSED'
                                                   and %s))
                           or (status = 'SCHEDULED' and opens_at <= :now
                               and not exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id)
                               and not exists (select 1 from ballots.ballot_log l
                                               where l.ballot_id = ballot.id and l.action = 'NOT_OPENED'
                                                   and %s))
                           or (status in ('SCHEDULED', 'OPEN') and roll_frozen_at is null and roll_cutoff <= :now)
                           or (status = 'OPEN' and closes_at <= :now)
                        order by id for update skip locked
                        """.formatted(BallotLogEntries.SINCE_SCHEDULED, BallotLogEntries.SINCE_SCHEDULED))
                .param("now", Timestamp.from(now))
                .query(BallotRepository::ballot)
                .list();
    }

    /**
     * Open ballots whose roll is open and has not been passed over on this UK day, claimed so that only one application
     * instance passes over each, once a day.
     */
    public List<Ballot> claimRollUpdates(Instant now, LocalDate today) {
        return jdbc.sql(SELECT + """
                        where status = 'OPEN' and roll_frozen_at is null and roll_cutoff > :now and closes_at > :now
                          and roll_updated_on < :today
                        order by id for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("today", Date.valueOf(today))
                .query(BallotRepository::ballot)
                .list();
    }

    /**
     * Records the UK day the roll was last passed over (see {@link #claimRollUpdates}): the daily pass records this UK
     * day; an opening records the day before, so the next tick passes over the roll again once the opening commits.
     */
    public void markRollUpdated(long id, LocalDate day) {
        jdbc.sql("update ballots.ballot set roll_updated_on = :day where id = :id")
                .param("day", Date.valueOf(day))
                .param("id", id)
                .update();
    }

    /** Whether the trustees' shares have decrypted the ballot's totals. */
    public boolean decrypted(long id) {
        return jdbc.sql("select counts is not null from ballots.ballot where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /**
     * A draft scheduled. It takes the next version, as it does when it is unscheduled, so that a page or an ETag from
     * before the scheduling saves, schedules or deletes nothing once the ballot is a draft again.
     */
    void schedule(long id, String actor, Instant now) {
        jdbc.sql("""
                        update ballots.ballot set status = 'SCHEDULED',
                            version = version + 1, changed_at = :now, changed_by = :actor
                        where id = :id and status = 'DRAFT'
                        """)
                .param("id", id)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A draft's settings replaced: pages and ETags from the version before no longer change, schedule or delete it. */
    void update(long id, BallotDraft draft, String actor, Instant now) {
        withSettings(jdbc.sql("""
                        update ballots.ballot set title = :title, question = :question, options = :options,
                            rule_set = :ruleSet, opens_at = :opens, closes_at = :closes, roll_cutoff = :cutoff,
                            scrutineer_name = :scrutineer, sender_address = :sender,
                            version = version + 1, changed_at = :now, changed_by = :actor
                        where id = :id and status = 'DRAFT'
                        """), draft)
                .param("id", id)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * A draft's trustees' keys added or removed: what scheduling it would fix has changed as a change to its settings
     * changes it, so it takes the next version too, and pages or ETags from before no longer schedule, save or delete
     * it. The caller holds the row locked.
     */
    public void trusteesChanged(long id, String actor, Instant now) {
        jdbc.sql("""
                        update ballots.ballot set version = version + 1, changed_at = :now, changed_by = :actor
                        where id = :id and status = 'DRAFT'
                        """)
                .param("id", id)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The version of a ballot (see {@link DraftVersion} for what raises it), with who made it and when. */
    public Optional<DraftVersion> version(long id) {
        return jdbc.sql("""
                        select version, coalesce(changed_at, created_at) as at, coalesce(changed_by, created_by) as by
                        from ballots.ballot where id = :id
                        """)
                .param("id", id)
                .query((rs, row) -> new DraftVersion(
                        id, rs.getLong("version"), rs.getTimestamp("at").toInstant(), rs.getString("by")))
                .optional();
    }

    void delete(long id) {
        jdbc.sql("delete from ballots.ballot_log where ballot_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from ballots.trustee where ballot_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from ballots.ballot where id = :id and status = 'DRAFT'")
                .param("id", id)
                .update();
    }

    /**
     * Returns a scheduled ballot to a draft: before its opening time, or after it if it had no trustee's key then, so
     * the clock left it shut (keys are fixed once scheduled, so it could never open), or once its closing time has
     * passed without it opening (the clock never opens it then). Its roll, never made, is unfrozen, and it takes the
     * next version, so that a page or an ETag from before it was scheduled saves, schedules or deletes nothing.
     */
    boolean unschedule(long id, String actor, Instant now) {
        return jdbc.sql("""
                        update ballots.ballot set status = 'DRAFT', roll_frozen_at = null,
                            version = version + 1, changed_at = :now, changed_by = :actor
                        where id = :id and status = 'SCHEDULED'
                          and (opens_at > :now
                               or closes_at <= :now
                               or not exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id))
                        """)
                        .param("id", id)
                        .param("actor", actor)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Moves a ballot on; the time of the step goes in its own column. */
    public void advance(long id, BallotStatus status, Instant now) {
        String column = switch (status) {
            case OPEN -> "opened_at";
            case CLOSED -> "closed_at";
            case PUBLISHED -> "published_at";
            case DRAFT, SCHEDULED -> throw new IllegalArgumentException("A ballot does not advance to " + status);
        };
        jdbc.sql("update ballots.ballot set status = :status, " + column + " = :now where id = :id")
                .param("status", status.name())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    public void markRollFrozen(long id, Instant now) {
        jdbc.sql("update ballots.ballot set roll_frozen_at = :now where id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /**
     * The hash the close sealed the ballot's papers with, as the report and the ballot record state it; empty before
     * the close. It is stored, not recomputed from the papers as they are now.
     */
    public Optional<String> logHash(long id) {
        return jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", id)
                .query((rs, row) -> rs.getString(1))
                .optional();
    }

    public void setLogHash(long id, String hash) {
        jdbc.sql("update ballots.ballot set log_hash = :hash where id = :id")
                .param("hash", hash)
                .param("id", id)
                .update();
    }

    /** A draft's settings, bound to the names both {@link #insert} and {@link #update} give them. */
    private static JdbcClient.StatementSpec withSettings(JdbcClient.StatementSpec statement, BallotDraft draft) {
        return statement
                .param("title", draft.title())
                .param("question", draft.question())
                .param("options", draft.options().toArray(String[]::new))
                .param("ruleSet", draft.ruleSet().name())
                .param("opens", Timestamp.from(draft.opensAt()))
                .param("closes", Timestamp.from(draft.closesAt()))
                .param("cutoff", Timestamp.from(draft.rollCutoff()))
                .param("scrutineer", draft.scrutineerName())
                .param("sender", draft.senderAddress());
    }

    private static Ballot ballot(ResultSet rs, int row) throws SQLException {
        Array options = rs.getArray("options");
        Timestamp frozen = rs.getTimestamp("roll_frozen_at");
        return new Ballot(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getString("question"),
                Arrays.asList((String[]) options.getArray()),
                RuleSet.valueOf(rs.getString("rule_set")),
                rs.getTimestamp("opens_at").toInstant(),
                rs.getTimestamp("closes_at").toInstant(),
                rs.getTimestamp("roll_cutoff").toInstant(),
                rs.getString("scrutineer_name"),
                rs.getString("sender_address"),
                BallotStatus.valueOf(rs.getString("status")),
                frozen == null ? null : frozen.toInstant(),
                instant(rs.getTimestamp("voters_forgotten_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
