package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The history starts from the sizes the directory already holds, on a database of its own at version 2. */
class ListSizeMigrationTests {

    @Test
    void theHistoryIsFilledFromEachPracticesCurrentSize() {
        try (ScratchDatabase database = new ScratchDatabase("list_sizes", 4)) {
            database.migrate("practices", MigrationVersion.fromVersion("2"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                                postcode, status, sub_icb_code, nation, list_size, list_size_on, updated_at)
                            values ('A00001', 'ONE', 'Y63', 'QHM', '{}', 'TS1 1AA', 'ACTIVE', '16C', 'ENGLAND', 1000,
                                    '2021-01-01', now()),
                                   ('A00002', 'TWO', 'Y63', 'QHM', '{}', 'TS1 1AA', 'ACTIVE', '16C', 'ENGLAND', 2000,
                                    '2021-01-01', now()),
                                   ('A00003', 'THREE', 'Y63', 'QHM', '{}', 'TS1 1AA', 'ACTIVE', '16C', 'ENGLAND', 3000,
                                    '2020-07-01', now()),
                                   ('A00004', 'NO DATE', 'Y63', 'QHM', '{}', 'TS1 1AA', 'ACTIVE', '16C', 'ENGLAND', 4000,
                                    null, now()),
                                   ('A00005', 'NO SIZE', 'Y63', 'QHM', '{}', 'TS1 1AA', 'ACTIVE', '16C', 'ENGLAND', null,
                                    null, now())
                            """).update();

            database.migrate("practices", MigrationVersion.LATEST);

            assertThat(jdbc.sql("select ods_code || ' ' || extracted_on || ' ' || patients from practices.list_size"
                                    + " order by ods_code")
                            .query(String.class)
                            .list())
                    .containsExactly("A00001 2021-01-01 1000", "A00002 2021-01-01 2000", "A00003 2020-07-01 3000");
            assertThat(jdbc.sql("select extracted_on || ' ' || practices || ' ' || patients"
                                    + " from practices.list_size_extract order by extracted_on")
                            .query(String.class)
                            .list())
                    .isEqualTo(List.of("2020-07-01 1 3000", "2021-01-01 2 3000"));
        }
    }
}
