package org.gpaction.ballots.ballot;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.membership.RuleSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
        return jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        values (:title, :question, :options, :ruleSet, :opens, :closes, :cutoff, :scrutineer,
                            :sender, 'DRAFT', :actor, :now)
                        returning id
                        """)
                .param("title", draft.title())
                .param("question", draft.question())
                .param("options", draft.options().toArray(String[]::new))
                .param("ruleSet", draft.ruleSet().name())
                .param("opens", Timestamp.from(draft.opensAt()))
                .param("closes", Timestamp.from(draft.closesAt()))
                .param("cutoff", Timestamp.from(draft.rollCutoff()))
                .param("scrutineer", draft.scrutineerName())
                .param("sender", draft.senderAddress())
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
     * close. Votes do not take it: they hold the ballot box (below), so the row lock never queues behind them.
     */
    public Optional<Ballot> findForVoting(long id) {
        return jdbc.sql(SELECT + " where id = :id for share")
                .param("id", id)
                .query(BallotRepository::ballot)
                .optional();
    }

    /**
     * A vote holds its ballot's box shared until it commits; closing takes it exclusively, so the count at the close
     * waits for every vote already being recorded, and a vote that starts recording after it finds the clock past
     * the close. An advisory lock writes nothing, unlike a row lock, so thousands of votes a second share it freely.
     */
    public void enterBallotBox(long id) {
        jdbc.sql("select pg_advisory_xact_lock_shared(ballots.ballot_box(:id))")
                .param("id", id)
                .query()
                .singleRow();
    }

    public void sealBallotBox(long id) {
        jdbc.sql("select pg_advisory_xact_lock(ballots.ballot_box(:id))")
                .param("id", id)
                .query()
                .singleRow();
    }

    /**
     * Writes down, as the ballot closes, how many members are on its roll, how many voted and how many were sent a
     * link: none of them can change once it has closed, so results and reports read them rather than count again.
     * Called after the ballot's row is marked closed, which waits for every replacement or addition to the roll that
     * had the row locked to commit, and makes any later one find the ballot closed.
     */
    public void fixVoterCounts(long id) {
        jdbc.sql("""
                        insert into ballots.closed_count (ballot_id, eligible, voted, issued)
                        select ballot_id, eligible, voted, issued from ballots.voter_count where ballot_id = :id
                        on conflict (ballot_id) do nothing
                        """).param("id", id).update();
    }

    /** How many members on the roll are marked as having voted: the turnout a count's papers must match. */
    public long voted(long id) {
        return jdbc.sql("select voted from ballots.voter_count where ballot_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    /**
     * Writes a closed ballot's papers afresh in paper-id order, all in this transaction. While voting, a paper was
     * written in the same transaction as its voter's credential and roll entry, so the two shared a transaction id
     * and sat in casting order on disk: someone with raw access to the database could have paired them. Afterwards
     * every paper carries the close's transaction id and a place on disk set by its random id and the table's free
     * space, not by when it was cast.
     */
    public int mixPapers(long id) {
        return jdbc.sql("""
                        with taken as (
                            delete from ballots.ballot_paper where ballot_id = :id
                            returning paper_id, ballot_id, encrypted, tracker, cast_on
                        )
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        select paper_id, ballot_id, encrypted, tracker, cast_on from taken order by paper_id
                        """).param("id", id).update();
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
     * without a trustee's key is claimed once more, to log why it stays shut.
     */
    public List<Ballot> claimDue(Instant now) {
        return jdbc.sql(SELECT + """
                        where (status = 'SCHEDULED' and opens_at <= :now
                               and exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id))
                           or (status = 'SCHEDULED' and opens_at <= :now
                               and not exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id)
                               and not exists (select 1 from ballots.ballot_log l
                                               where l.ballot_id = ballot.id and l.action = 'NOT_OPENED'))
                           or (status in ('SCHEDULED', 'OPEN') and roll_frozen_at is null and roll_cutoff <= :now)
                           or (status = 'OPEN' and closes_at <= :now)
                        order by id for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .query(BallotRepository::ballot)
                .list();
    }

    /** A trustee's public key as the ballot's report names it, for the trustee to compare with their own file. */
    public record TrusteeOnRecord(String name, String publicKey, String addedBy, Instant addedAt) {

        public String addedAtText() {
            return org.gpaction.common.UkTime.format(addedAt);
        }
    }

    /** The keys the ballot's votes are encrypted to, in the order they were given. */
    public List<TrusteeOnRecord> trusteesOnRecord(long id) {
        return jdbc.sql("""
                        select name, public_key, uploaded_by, uploaded_at from ballots.trustee
                        where ballot_id = :id order by uploaded_at, public_key
                        """)
                .param("id", id)
                .query((rs, row) -> new TrusteeOnRecord(
                        rs.getString("name"),
                        rs.getString("public_key"),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant()))
                .list();
    }

    /** How many trustees' keys the ballot's votes will be encrypted to. */
    public int trustees(long id) {
        return jdbc.sql("select count(*) from ballots.trustee where ballot_id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    /** Whether the trustees' shares have decrypted the ballot's totals. */
    public boolean decrypted(long id) {
        return jdbc.sql("select counts is not null from ballots.ballot where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    void schedule(long id) {
        jdbc.sql("update ballots.ballot set status = 'SCHEDULED' where id = :id and status = 'DRAFT'")
                .param("id", id)
                .update();
    }

    void update(long id, BallotDraft draft) {
        jdbc.sql("""
                        update ballots.ballot set title = :title, question = :question, options = :options,
                            rule_set = :ruleSet, opens_at = :opens, closes_at = :closes, roll_cutoff = :cutoff,
                            scrutineer_name = :scrutineer, sender_address = :sender
                        where id = :id and status = 'DRAFT'
                        """)
                .param("title", draft.title())
                .param("question", draft.question())
                .param("options", draft.options().toArray(String[]::new))
                .param("ruleSet", draft.ruleSet().name())
                .param("opens", Timestamp.from(draft.opensAt()))
                .param("closes", Timestamp.from(draft.closesAt()))
                .param("cutoff", Timestamp.from(draft.rollCutoff()))
                .param("scrutineer", draft.scrutineerName())
                .param("sender", draft.senderAddress())
                .param("id", id)
                .update();
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
     * Back to a draft only if still scheduled and not yet due to open. Run while the clock holds the row (opening
     * it), the update waits, then finds the row open and changes nothing.
     */
    /**
     * Returns a scheduled ballot to a draft: before its opening time, or after it if it had no trustee's key then, so
     * the clock left it shut (keys are fixed once scheduled, so it could never open). Its roll, never made, is unfrozen.
     */
    boolean unschedule(long id, Instant now) {
        return jdbc.sql("""
                        update ballots.ballot set status = 'DRAFT', roll_frozen_at = null
                        where id = :id and status = 'SCHEDULED'
                          and (opens_at > :now
                               or not exists (select 1 from ballots.trustee t where t.ballot_id = ballot.id))
                        """).param("id", id).param("now", Timestamp.from(now)).update() == 1;
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

    public void setLogHash(long id, String hash) {
        jdbc.sql("update ballots.ballot set log_hash = :hash where id = :id")
                .param("hash", hash)
                .param("id", id)
                .update();
    }

    public Optional<Certificate> certificate(long id) {
        return jdbc.sql("""
                        select certified_by, certified_at, qualifications from ballots.ballot
                        where id = :id and certified_at is not null
                        """)
                .param("id", id)
                .query((rs, row) -> new Certificate(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3) == null ? "" : rs.getString(3)))
                .optional();
    }

    /** Writes the certificate unless one exists; false if the ballot was already certified. */
    public boolean certify(long id, String actor, String qualifications, Instant now) {
        return jdbc.sql("""
                        update ballots.ballot set certified_by = :actor, certified_at = :now,
                            qualifications = :qualifications
                        where id = :id and certified_at is null
                        """)
                        .param("actor", actor)
                        .param("now", Timestamp.from(now))
                        .param("qualifications", qualifications)
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Whether the ballot's log has an entry with this action. */
    public boolean logged(long ballotId, String action) {
        return jdbc.sql(
                        "select exists (select 1 from ballots.ballot_log where ballot_id = :ballot and action = :action)")
                .param("ballot", ballotId)
                .param("action", action)
                .query(Boolean.class)
                .single();
    }

    public void log(long ballotId, String actor, String action, String detail, Instant now) {
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:ballot, :now, :actor, :action, :detail)
                        """)
                .param("ballot", ballotId)
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("action", action)
                .param("detail", detail)
                .update();
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
