package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workforce months held before version 10 have their sub-ICB locations' and England's fully qualified GPs added
 * up again without those of practices whose row records no registered patients.
 */
class GpsWithPatientsMigrationTests {

    @Test
    void aMonthHeldLeavesOutTheGpsOfPracticesWithNoPatientsFromItsLocationsAndEngland() {
        try (ScratchDatabase database = new ScratchDatabase("gps_with_patients", 4)) {
            database.migrate("insights", MigrationVersion.fromVersion("9"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into insights.workforce_practice (month, ods_code, sub_icb_code, icb_code,
                                total_patients, gp_fte, qualified_fte)
                            values ('2024-10-01', 'A00001', '11X', 'QSL', 9000, 5, 4.5),
                                   ('2024-10-01', 'A00002', '11X', 'QSL', 0, 4, 3),
                                   ('2024-10-01', 'A00003', '52R', 'QT1', 0, 2, 2);
                            insert into insights.workforce_area (month, sub_icb_code, practices, total_patients, gp_fte,
                                qualified_fte)
                            values ('2024-10-01', '11X', 2, 9000, 9, 7.5),
                                   ('2024-10-01', '52R', 1, 0, 2, 2);
                            insert into insights.workforce_england (month, practices, total_patients, gp_fte,
                                qualified_fte)
                            values ('2024-10-01', 3, 9000, 11, 9.5);
                            """).update();

            database.migrate("insights", MigrationVersion.fromVersion("10"));

            assertThat(jdbc.sql("""
                                    select sub_icb_code || ' ' || practices || ' ' || total_patients || ' ' || gp_fte
                                           || ' ' || qualified_fte
                                    from insights.workforce_area order by sub_icb_code
                                    """).query(String.class).list())
                    .as("all GPs still give appointments; only the fully qualified, set against patients, are left out")
                    .containsExactly("11X 2 9000 9.00 4.50", "52R 1 0 2.00 0.00");
            assertThat(jdbc.sql("""
                                    select practices || ' ' || total_patients || ' ' || gp_fte || ' ' || qualified_fte
                                    from insights.workforce_england
                                    """).query(String.class).single()).isEqualTo("3 9000 11.00 4.50");
        }
    }
}
