package org.gpaction.capacity.routing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.capacity.setup.SetupLog;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The online front door paused by the practice, for up to four days, with a reason that is logged. */
@Service
class Suspensions {

    /** 96 hours whatever the clocks do, as the table's check holds it (capacity V12). */
    static final Duration LONGEST = Duration.ofDays(4);

    static final String REASON_NEEDED = "Say why the front door is paused, in 500 characters or fewer";

    record Suspension(long id, Instant startsAt, Instant endsAt, String reason, String suspendedBy) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SetupLog setupLog;

    Suspensions(JdbcClient jdbc, Clock clock, SetupLog setupLog) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.setupLog = setupLog;
    }

    Optional<Suspension> activeAt(String odsCode, Instant at) {
        return jdbc.sql("""
                        select id, starts_at, ends_at, reason, suspended_by from capacity.suspension
                        where ods_code = :ods and lifted_at is null and starts_at <= :at and ends_at > :at
                        order by ends_at desc limit 1
                        """)
                .param("ods", odsCode)
                .param("at", Timestamp.from(at))
                .query((rs, row) -> new Suspension(
                        rs.getLong("id"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason"),
                        rs.getString("suspended_by")))
                .optional();
    }

    /**
     * Starts a pause now in place of the one in force, if any, which ends now and is logged as replaced by whoever
     * paused, naming when each ends: the last to pause sets when the front door opens again.
     */
    @Transactional
    Suspension suspend(String odsCode, Instant until, String reason, String by) {
        holdPauses(odsCode);
        Instant now = clock.instant();
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw InvalidRequest.field("reason", REASON_NEEDED);
        }
        if (TypedText.hasControlCharacters(why)) {
            throw InvalidRequest.field(
                    "reason", "Say why the front door is paused on one line, without tabs or control characters");
        }
        if (until == null || !until.isAfter(now)) {
            throw InvalidRequest.field("until", "Give when the pause ends, after now");
        }
        if (until.isAfter(now.plus(LONGEST))) {
            throw InvalidRequest.field(
                    "until",
                    "The front door can be paused for at most 4 days, until " + UkTime.format(now.plus(LONGEST)));
        }
        replaceAt(odsCode, by, now, until);
        long id = jdbc.sql("""
                        insert into capacity.suspension (ods_code, starts_at, ends_at, reason, suspended_by)
                        values (:ods, :now, :until, :reason, :by) returning id
                        """)
                .param("ods", odsCode)
                .param("now", Timestamp.from(now))
                .param("until", Timestamp.from(until))
                .param("reason", why)
                .param("by", by)
                .query(Long.class)
                .single();
        setupLog.add(odsCode, by, "Online front door paused until " + UkTime.format(until) + ": " + why);
        return new Suspension(id, now, until, why, by);
    }

    @Transactional
    boolean lift(String odsCode, String by) {
        holdPauses(odsCode);
        return liftAt(odsCode, by, clock.instant());
    }

    /**
     * Puts the practice's pauses and lifts one after the other, on every instance, until the transaction ends: two
     * managers pausing at once would each find no pause in force and both start one, the first never logged as ended,
     * and a lift beside a new pause would miss the pause that replaced the one it found and say none was in force. The
     * clock is read after it, so a pause waited on starts after the one it replaces.
     */
    private void holdPauses(String odsCode) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('capacity.suspension:' || :ods, 0))")
                .param("ods", odsCode)
                .query((rs, row) -> 1)
                .single();
    }

    private void replaceAt(String odsCode, String by, Instant now, Instant until) {
        List<Instant> replaced = jdbc.sql("""
                        update capacity.suspension set lifted_at = :now, lifted_by = :by
                        where ods_code = :ods and lifted_at is null and ends_at > :now
                        returning ends_at
                        """)
                .param("ods", odsCode)
                .param("now", Timestamp.from(now))
                .param("by", by)
                .query((rs, row) -> rs.getTimestamp("ends_at").toInstant())
                .list();
        for (Instant ending : replaced) {
            setupLog.add(
                    odsCode,
                    by,
                    "Online front door pause until " + UkTime.format(ending) + " replaced by a new pause until "
                            + UkTime.format(until));
        }
    }

    private boolean liftAt(String odsCode, String by, Instant now) {
        int lifted = jdbc.sql("""
                        update capacity.suspension set lifted_at = :now, lifted_by = :by
                        where ods_code = :ods and lifted_at is null and ends_at > :now
                        """)
                .param("ods", odsCode)
                .param("now", Timestamp.from(now))
                .param("by", by)
                .update();
        if (lifted > 0) {
            setupLog.add(odsCode, by, "Online front door pause lifted");
        }
        return lifted > 0;
    }
}
