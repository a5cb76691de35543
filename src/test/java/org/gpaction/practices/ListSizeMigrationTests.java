package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.common.database.EmbeddedPostgresServer;
import org.gpaction.support.SharedTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The history starts from the sizes the directory already holds, on a database of its own at version 2. */
class ListSizeMigrationTests {

    @Test
    void theHistoryIsFilledFromEachPracticesCurrentSize() {
        EmbeddedPostgresServer server = SharedTestDatabase.server();
        String name = "list_sizes_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "create database " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + server.port() + "/" + name);
        config.setUsername(server.username());
        config.setPassword(server.password());
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            migrate(dataSource, MigrationVersion.fromVersion("2"));
            JdbcClient jdbc = JdbcClient.create(dataSource);
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

            migrate(dataSource, MigrationVersion.LATEST);

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
        } finally {
            execute(server, "drop database if exists " + name);
        }
    }

    private static void migrate(HikariDataSource dataSource, MigrationVersion target) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("practices")
                .createSchemas(true)
                .locations("classpath:db/migration/practices")
                .target(target)
                .load()
                .migrate();
    }

    private static void execute(EmbeddedPostgresServer server, String sql) {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
