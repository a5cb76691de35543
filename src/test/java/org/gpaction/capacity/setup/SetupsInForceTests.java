package org.gpaction.capacity.setup;

import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The front-door choice and core hours kept from each save that changed them: a practice set up before they were kept
 * starts with its set-up as it was on upgrading, which stands for every day before too, and each change is kept from its
 * moment.
 */
class SetupsInForceTests {

    private static final Hours EIGHT = new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30));
    private static final Hours NINE = new Hours(LocalTime.of(9, 0), LocalTime.of(18, 30));

    @Test
    void aPracticeSetUpBeforeUpgradingKeepsItsSetUpThen_forEveryEarlierDay_andEachChangeFromItsMoment() {
        try (ScratchDatabase database = new ScratchDatabase("setup_in_force", 2)) {
            database.migrate("capacity", MigrationVersion.fromVersion("25"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into capacity.practice_setup (ods_code, count_admin, urgent_reserve, when_full,
                                core_hours, signposts, when_full_chosen_by, when_full_chosen_at, updated_by, updated_at)
                            values ('A00001', false, 0, 'CLOSE', cast(:hours as jsonb), '[]', 'ann',
                                    '2026-03-02 09:00Z', 'ann', '2026-03-02 10:00Z')
                            """).param("hours", SetupJson.text(Map.of(MONDAY, EIGHT))).update();

            database.migrate("capacity", MigrationVersion.LATEST);
            SetupsInForce kept = new SetupsInForce(jdbc);

            SetupsInForce.InForce upgraded = new SetupsInForce.InForce(
                    Instant.parse("2026-03-02T10:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, EIGHT));
            assertThat(kept.between(
                            "A00001", Instant.parse("2025-01-06T00:00:00Z"), Instant.parse("2025-01-07T00:00:00Z")))
                    .as("a day before anything was kept counts with the set-up as it was on upgrading")
                    .containsExactly(upgraded);

            kept.saved("A00001", Instant.parse("2026-03-03T08:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, EIGHT));
            assertThat(count(jdbc))
                    .as("a save changing neither keeps nothing new")
                    .isEqualTo(1);

            kept.saved("A00001", Instant.parse("2026-03-03T09:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, NINE));
            kept.saved(
                    "A00001", Instant.parse("2026-03-03T12:00:00Z"), WhenFull.STAY_OPEN_SIGNPOST, Map.of(MONDAY, NINE));
            kept.saved("A00001", Instant.parse("2026-03-03T12:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, NINE));
            kept.saved("A00001", Instant.parse("2026-03-03T11:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, EIGHT));
            assertThat(kept.between(
                            "A00001", Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z")))
                    .as("the one in force as the day began, then each change: the later of two saves at one moment"
                            + " replaces the other, and a save from a clock behind is kept from the last one's moment")
                    .containsExactly(
                            upgraded,
                            new SetupsInForce.InForce(
                                    Instant.parse("2026-03-03T09:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, NINE)),
                            new SetupsInForce.InForce(
                                    Instant.parse("2026-03-03T12:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, EIGHT)));
            assertThat(kept.between(
                            "A00001", Instant.parse("2026-03-03T10:00:00Z"), Instant.parse("2026-03-03T11:00:00Z")))
                    .containsExactly(new SetupsInForce.InForce(
                            Instant.parse("2026-03-03T09:00:00Z"), WhenFull.CLOSE, Map.of(MONDAY, NINE)));
            assertThat(kept.between(
                            "B00002", Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z")))
                    .as("a practice with none kept")
                    .isEmpty();
        }
    }

    private static long count(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from capacity.setup_in_force")
                .query(Long.class)
                .single();
    }
}
