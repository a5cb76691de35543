package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The months of sub-ICB locations kept from the sub-ICB file before version 9 have the GPs of their workforce's
 * practices whose appointments the practice-level file gives another location worked out, to leave out of their own.
 */
class GpsCountedWithPracticesMigrationTests {

    @Test
    void aLocationsMonthFromTheSubIcbFileHasTheGpsCountedWithPracticesElsewhereWorkedOut() {
        try (ScratchDatabase database = new ScratchDatabase("gps_counted_with_practices", 4)) {
            database.migrate("insights", MigrationVersion.fromVersion("8"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into insights.appointments_practice (month, ods_code, sub_icb_code, appointments,
                                attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                                home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                            values ('2024-10-01', 'A00001', '52R', 230, 230, 0, 0, 230, 0, 0, 230, 0, 0, 0, 0, 230, 0, 0);
                            insert into insights.appointments_area (month, sub_icb_code, source, appointments,
                                attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                                home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                            values ('2024-10-01', '52R', 'PRACTICE', 230, 230, 0, 0, 230, 0, 0, 230, 0, 0, 0, 0, 230,
                                    0, 0),
                                   ('2024-10-01', '11X', 'SUB_ICB', 460, 460, 0, 0, 460, 0, 0, 460, 0, 0, 0, 0, 460,
                                    0, 0),
                                   ('2024-09-01', '11X', 'SUB_ICB', 460, 460, 0, 0, 460, 0, 0, 460, 0, 0, 0, 0, 460,
                                    0, 0);
                            insert into insights.workforce_practice (month, ods_code, sub_icb_code, icb_code,
                                total_patients, gp_fte, qualified_fte)
                            values ('2024-10-01', 'A00001', '11X', 'QSL', 3000, 2, 2),
                                   ('2024-10-01', 'A00002', '11X', 'QSL', 6000, 4, 4),
                                   ('2024-09-01', 'A00001', '11X', 'QSL', 3000, 2, 2);
                            """).update();

            database.migrate("insights", MigrationVersion.LATEST);

            assertThat(jdbc.sql("""
                                    select month || ' ' || sub_icb_code || ' '
                                           || coalesce(gp_fte_counted_with_practices::text, 'none')
                                    from insights.appointments_area order by month, sub_icb_code
                                    """).query(String.class).list())
                    .containsExactly("2024-09-01 11X none", "2024-10-01 11X 2.00", "2024-10-01 52R none");
        }
    }
}
