package org.gpaction.capacity.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.capacity.setup.Hours;
import org.gpaction.common.UkTime;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pauses of one practice that overlapped before version 18 are repaired so that one at most is in force at a time, as
 * the front door read them (the one ending last), and the evidence keeps every minute the door was paused.
 */
class OnePauseInForceMigrationTests {

    private static final Hours CORE = new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30));

    @Test
    void overlappingPausesAreEndedWhereTheNextBeganOrLiftedWhenAnotherHoldsAllTheirTime_andNoPausedMinuteIsLost() {
        try (ScratchDatabase database = new ScratchDatabase("one_pause_in_force", 4)) {
            database.migrate("capacity", MigrationVersion.fromVersion("17"));
            JdbcClient jdbc = database.jdbc();
            // Monday 2 March 2026, in GMT: UK time is UTC.
            jdbc.sql("""
                            insert into capacity.suspension (ods_code, starts_at, ends_at, reason, suspended_by,
                                lifted_at, lifted_by)
                            values ('A00001', '2026-03-02 09:00Z', '2026-03-02 17:00Z', 'long', 'ann', null, null),
                                   ('A00001', '2026-03-02 10:00Z', '2026-03-02 12:00Z', 'inside', 'bob', null, null),
                                   ('A00001', '2026-03-02 16:00Z', '2026-03-02 18:00Z', 'after', 'cat', null, null),
                                   ('A00002', '2026-03-02 09:00Z', '2026-03-02 13:00Z', 'first', 'dan', null, null),
                                   ('A00002', '2026-03-02 09:00Z', '2026-03-02 11:00Z', 'same start', 'eve', null,
                                    null),
                                   ('A00002', '2026-03-02 14:00Z', '2026-03-02 15:00Z', 'twin one', 'fay', null, null),
                                   ('A00002', '2026-03-02 14:00Z', '2026-03-02 15:00Z', 'twin two', 'gus', null, null),
                                   ('A00003', '2026-03-02 09:00Z', '2026-03-02 10:00Z', 'lifted', 'hal',
                                    '2026-03-02 09:30Z', 'hal'),
                                   ('A00003', '2026-03-02 09:15Z', '2026-03-02 11:00Z', 'alone', 'ivy', null, null),
                                   ('A00004', '2026-03-02 09:00Z', '2026-03-02 12:00Z', 'replaced', 'kim',
                                    '2026-03-02 10:00Z', 'kim'),
                                   ('A00004', '2026-03-02 10:00Z', '2026-03-02 13:00Z', 'again', 'kim', null, null),
                                   ('A00005', '2026-03-02 09:00Z', '2026-03-02 12:00Z', 'before', 'lee',
                                    '2026-03-02 10:00Z', 'mo'),
                                   ('A00005', '2026-03-02 10:00Z', '2026-03-02 13:00Z', 'after', 'mo', null, null),
                                   ('A00006', '2026-03-02 09:00Z', '2026-03-02 10:00Z', 'short', 'ned', null, null),
                                   ('A00006', '2026-03-02 09:00Z', '2026-03-02 13:00Z', 'longest', 'ned', null,
                                    null),
                                   ('A00006', '2026-03-02 09:00Z', '2026-03-02 11:00Z', 'middle', 'oli', null, null);
                            """).update();
            // The application's own entry for A00004's replaced pause, written a moment after it ended it.
            jdbc.sql("""
                            insert into capacity.setup_log (ods_code, at, by, what)
                            values ('A00004', '2026-03-02 10:00:00.004Z', 'kim', :what)
                            """)
                    .param("what", replaced("2026-03-02T12:00:00Z", "2026-03-02T13:00:00Z"))
                    .update();
            // A00005's pause replaced as the application did before it named the pause replaced: ended at the instant
            // the new pause began, and logged as lifted, then the new pause's own entry.
            jdbc.sql("""
                            insert into capacity.setup_log (ods_code, at, by, what)
                            values ('A00005', '2026-03-02 10:00:00.003Z', 'mo', 'Online front door pause lifted'),
                                   ('A00005', '2026-03-02 10:00:00.004Z', 'mo', :paused)
                            """)
                    .param(
                            "paused",
                            "Online front door paused until " + UkTime.format(Instant.parse("2026-03-02T13:00:00Z"))
                                    + ": after")
                    .update();

            database.migrate("capacity", MigrationVersion.LATEST);

            assertThat(jdbc.sql("""
                                    select ods_code || ' ' || reason || ' '
                                           || coalesce(to_char(lifted_at at time zone 'UTC', 'HH24:MI') || ' by '
                                                       || lifted_by, 'in force')
                                    from capacity.suspension order by id
                                    """).query(String.class).list())
                    .as("an earlier pause ends where a later one ending after it began; a pause another holds"
                            + " throughout holds nothing; of two the same, the later added is kept")
                    .containsExactly(
                            "A00001 long 16:00 by cat",
                            "A00001 inside 10:00 by ann",
                            "A00001 after in force",
                            "A00002 first in force",
                            "A00002 same start 09:00 by dan",
                            "A00002 twin one 14:00 by gus",
                            "A00002 twin two in force",
                            "A00003 lifted 09:30 by hal",
                            "A00003 alone in force",
                            "A00004 replaced 10:00 by kim",
                            "A00004 again in force",
                            "A00005 before 10:00 by mo",
                            "A00005 after in force",
                            "A00006 short 09:00 by ned",
                            "A00006 longest in force",
                            "A00006 middle 09:00 by ned");
            assertThat(jdbc.sql("""
                                    select ods_code || ' ' || to_char(at at time zone 'UTC', 'HH24:MI') || ' ' || by
                                           || ': ' || what
                                    from capacity.setup_log order by ods_code, at, id
                                    """).query(String.class).list())
                    .as("each pause the repair ended is in its practice's set-up log, when and by whom it was ended,"
                            + " as the application logs a pause replaced, naming the pause V18 kept in its place; one"
                            + " the application replaced is logged once, whether in its words now or as lifted")
                    .containsExactly(
                            "A00001 10:00 ann: " + repaired(replaced("2026-03-02T12:00:00Z", "2026-03-02T17:00:00Z")),
                            "A00001 16:00 cat: " + repaired(replaced("2026-03-02T17:00:00Z", "2026-03-02T18:00:00Z")),
                            "A00002 09:00 dan: " + repaired(replaced("2026-03-02T11:00:00Z", "2026-03-02T13:00:00Z")),
                            "A00002 14:00 gus: " + repaired(replaced("2026-03-02T15:00:00Z", "2026-03-02T15:00:00Z")),
                            "A00004 10:00 kim: " + replaced("2026-03-02T12:00:00Z", "2026-03-02T13:00:00Z"),
                            "A00005 10:00 mo: Online front door pause lifted",
                            "A00005 10:00 mo: Online front door paused until "
                                    + UkTime.format(Instant.parse("2026-03-02T13:00:00Z")) + ": after",
                            "A00006 09:00 ned: " + repaired(replaced("2026-03-02T10:00:00Z", "2026-03-02T13:00:00Z")),
                            "A00006 09:00 ned: " + repaired(replaced("2026-03-02T11:00:00Z", "2026-03-02T13:00:00Z")));
            assertThat(closedMinutes(jdbc, "A00001"))
                    .as("09:00 to 18:00, the long pause's time after the one inside it included")
                    .isEqualTo(540);
            assertThat(closedMinutes(jdbc, "A00002"))
                    .as("09:00 to 13:00 and 14:00 to 15:00")
                    .isEqualTo(300);
            assertThat(closedMinutes(jdbc, "A00003")).isEqualTo(120);
            assertThatThrownBy(() -> jdbc.sql("""
                                    insert into capacity.suspension (ods_code, starts_at, ends_at, reason,
                                        suspended_by)
                                    values ('A00001', '2026-03-02 17:30Z', '2026-03-02 19:00Z', 'beside', 'jon')
                                    """).update())
                    .as("the constraint holds a second pause in force beside the first")
                    .hasMessageContaining("suspension_one_in_force");
        }
    }

    @Test
    void aPauseHeldThroughoutIsLoggedAsReplacedByThePauseInForceWhenItBegan_notByOneAlreadyLifted() {
        try (ScratchDatabase database = new ScratchDatabase("one_pause_in_force", 4)) {
            database.migrate("capacity", MigrationVersion.fromVersion("17"));
            JdbcClient jdbc = database.jdbc();
            // A00007: pat lifted a long pause early, then paused again around sam's pause, which V18 ends at its start.
            // A00008: the pause holding val's was itself ended by V18 later on, so it was in force when val's began.
            jdbc.sql("""
                            insert into capacity.suspension (ods_code, starts_at, ends_at, reason, suspended_by,
                                lifted_at, lifted_by)
                            values ('A00007', '2026-03-02 08:00Z', '2026-03-02 17:00Z', 'lifted early', 'pat',
                                    '2026-03-02 08:30Z', 'pat'),
                                   ('A00007', '2026-03-02 09:00Z', '2026-03-02 16:00Z', 'holder', 'pat', null, null),
                                   ('A00007', '2026-03-02 10:00Z', '2026-03-02 12:00Z', 'inside', 'sam', null, null),
                                   ('A00008', '2026-03-02 09:00Z', '2026-03-02 13:00Z', 'holder', 'uma', null, null),
                                   ('A00008', '2026-03-02 10:00Z', '2026-03-02 11:00Z', 'inside', 'val', null, null),
                                   ('A00008', '2026-03-02 12:00Z', '2026-03-02 14:00Z', 'next', 'wes', null, null)
                            """).update();
            jdbc.sql("""
                            insert into capacity.setup_log (ods_code, at, by, what)
                            values ('A00007', '2026-03-02 08:30:00.002Z', 'pat', 'Online front door pause lifted')
                            """).update();

            database.migrate("capacity", MigrationVersion.fromVersion("20"));
            assertThat(log(jdbc))
                    .as("version 20 named the end of the pause pat had lifted before sam's began")
                    .contains(
                            "A00007 10:00 pat: " + repaired(replaced("2026-03-02T12:00:00Z", "2026-03-02T17:00:00Z")));

            database.migrate("capacity", MigrationVersion.LATEST);

            assertThat(log(jdbc))
                    .as("the entry names the pause that held sam's time when it began; every other entry is as it was")
                    .containsExactly(
                            "A00007 08:30 pat: Online front door pause lifted",
                            "A00007 10:00 pat: " + repaired(replaced("2026-03-02T12:00:00Z", "2026-03-02T16:00:00Z")),
                            "A00008 10:00 uma: " + repaired(replaced("2026-03-02T11:00:00Z", "2026-03-02T13:00:00Z")),
                            "A00008 12:00 wes: " + repaired(replaced("2026-03-02T13:00:00Z", "2026-03-02T14:00:00Z")));
        }
    }

    private static List<String> log(JdbcClient jdbc) {
        return jdbc.sql("""
                        select ods_code || ' ' || to_char(at at time zone 'UTC', 'HH24:MI') || ' ' || by || ': ' || what
                        from capacity.setup_log order by ods_code, at, id
                        """).query(String.class).list();
    }

    /** The words the application logs when a new pause replaces one in force. */
    private static String replaced(String ending, String until) {
        return "Online front door pause until " + UkTime.format(Instant.parse(ending))
                + " replaced by a new pause until " + UkTime.format(Instant.parse(until));
    }

    /** The same entry written for a pause the repair ended, saying when and why it was written. */
    private static String repaired(String replaced) {
        return replaced + " (the two were in force at once; logged on upgrading GP Action)";
    }

    /** The practice's paused minutes in core hours on the day, read as the evidence reads its pauses. */
    private static long closedMinutes(JdbcClient jdbc, String odsCode) {
        List<LocalTime[]> spans = jdbc.sql("""
                        select starts_at, coalesce(least(lifted_at, ends_at), ends_at) as ends_at
                        from capacity.suspension where ods_code = :ods
                        """)
                .param("ods", odsCode)
                .query((rs, row) -> new LocalTime[] {
                    rs.getTimestamp("starts_at").toInstant().atZone(UkTime.ZONE).toLocalTime(),
                    rs.getTimestamp("ends_at").toInstant().atZone(UkTime.ZONE).toLocalTime()
                })
                .list();
        return FrontDoorClosures.minutesClosed(
                List.of(), spans, List.of(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, CORE)));
    }
}
