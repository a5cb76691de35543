package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The names kept before their months were are taken to be of the latest month held for the area, at version 6. */
class AreaNameMonthMigrationTests {

    @Test
    void aNameKeptBeforeIsOfTheLatestMonthHeldForItsArea_orOfNoneIfNoneIsHeld() {
        try (ScratchDatabase database = new ScratchDatabase("area_names", 4)) {
            database.migrate("insights", MigrationVersion.fromVersion("6"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into insights.appointments_area (month, sub_icb_code, source, appointments,
                                attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                                home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                            values ('2019-03-01', '52R', 'SUB_ICB', 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0),
                                   ('2021-03-01', '52R', 'SUB_ICB', 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0);
                            insert into insights.workforce_practice (month, ods_code, sub_icb_code, icb_code,
                                total_patients, gp_fte, qualified_fte)
                            values ('2024-10-01', 'A00001', '52R', 'QT1', 1000, 1, 1),
                                   ('2025-01-01', 'A00001', '52R', 'QT1', 1000, 1, 1);
                            insert into insights.workforce_area (month, sub_icb_code, practices, total_patients, gp_fte,
                                qualified_fte)
                            values ('2024-10-01', '52R', 1, 1000, 1, 1);
                            insert into insights.area_name (code, kind, name)
                            values ('52R', 'SUB_ICB', 'NHS Nottingham and Nottinghamshire CCG'),
                                   ('QT1', 'ICB', 'NHS Nottingham and Nottinghamshire ICB'),
                                   ('11X', 'SUB_ICB', 'NHS Somerset ICB - 11X');
                            """).update();

            database.migrate("insights", MigrationVersion.LATEST);

            assertThat(jdbc.sql("select code || ' ' || coalesce(named_for::text, 'none') from insights.area_name"
                                    + " order by code")
                            .query(String.class)
                            .list())
                    .containsExactly("11X none", "52R 2024-10-01", "QT1 2025-01-01");
        }
    }
}
