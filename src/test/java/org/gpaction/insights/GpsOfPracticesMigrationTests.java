package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The months of sub-ICB locations added up from practices before version 8 have their practices' GP appointments set
 * against their own GPs; months from the sub-ICB file have none to set.
 */
class GpsOfPracticesMigrationTests {

    @Test
    void aLocationsMonthAddedUpFromPracticesHasItsPracticesGpsWorkedOut_andOneFromTheSubIcbFileHasNone() {
        try (ScratchDatabase database = new ScratchDatabase("gps_of_practices", 4)) {
            database.migrate("insights", MigrationVersion.fromVersion("7"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into insights.appointments_practice (month, ods_code, sub_icb_code, appointments,
                                attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                                home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                            values ('2024-10-01', 'A00001', '52R', 500, 500, 0, 0, 420, 80, 0, 500, 0, 0, 0, 0, 500, 0, 0),
                                   ('2024-10-01', 'A00002', '52R', 300, 300, 0, 0, 300, 0, 0, 300, 0, 0, 0, 0, 300, 0, 0),
                                   ('2024-10-01', 'A00003', '52R', 231, 231, 0, 0, 231, 0, 0, 231, 0, 0, 0, 0, 231, 0, 0),
                                   ('2024-10-01', 'A00004', '52R', 200, 200, 0, 0, 200, 0, 0, 200, 0, 0, 0, 0, 200, 0, 0);
                            insert into insights.appointments_area (month, sub_icb_code, source, appointments,
                                attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                                home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                            values ('2024-10-01', '52R', 'PRACTICE', 1231, 1231, 0, 0, 1151, 80, 0, 1231, 0, 0, 0, 0,
                                    1231, 0, 0),
                                   ('2021-03-01', '52R', 'SUB_ICB', 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0);
                            insert into insights.workforce_practice (month, ods_code, sub_icb_code, icb_code,
                                total_patients, gp_fte, qualified_fte)
                            values ('2024-10-01', 'A00001', '52R', 'QT1', 6000, 4, 3),
                                   ('2024-10-01', 'A00002', '52R', 'QT1', 3000, 0, 0),
                                   ('2024-10-01', 'A00003', '11X', 'QSL', 2000, 1, 1);
                            """).update();

            database.migrate("insights", MigrationVersion.LATEST);

            assertThat(jdbc.sql("""
                                    select month || ' ' || source || ' ' || coalesce(gp_of_practices_with_gps::text, 'none')
                                           || ' ' || coalesce(gp_fte_of_practices::text, 'none')
                                    from insights.appointments_area order by month
                                    """).query(String.class).list())
                    .containsExactly("2021-03-01 SUB_ICB none none", "2024-10-01 PRACTICE 651 5.00");
        }
    }
}
