package org.gpaction.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gpaction.support.HeldLocks.holding;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.startup.StartupProblem;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A migration that finds a table it changes in use by another connection (another instance still serving) waits a
 * few seconds, then gives up with nothing changed and says so, rather than holding every statement behind it.
 */
class MigrationLockTests {

    private ScratchDatabase database;
    private HikariDataSource dataSource;

    @BeforeEach
    void ownDatabase() {
        database = new ScratchDatabase("migrations", 4);
        dataSource = database.dataSource();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aMigrationKeptWaitingByAnotherConnectionGivesUpWithNothingChangedAndRunsLater() throws Exception {
        ModuleMigrations.migrate(dataSource, database.url());
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // As before ballots V17: the checks still refer to the ballot, and V17 is still to run.
        jdbc.sql("""
                        alter table ballots.checked_paper add constraint checked_paper_ballot_id_fkey
                            foreign key (ballot_id) references ballots.ballot (id)
                        """).update();
        jdbc.sql("""
                        alter table ballots.checked_sum add constraint checked_sum_ballot_id_fkey
                            foreign key (ballot_id) references ballots.ballot (id)
                        """).update();
        // The ballots migrations after V17 are undone too, so that V17 is the next to run rather than one left behind.
        // A new ballots migration adds its undoing here.
        jdbc.sql("drop table ballots.exposed_trustee_key").update();
        jdbc.sql("alter table ballots.replacement_inbox drop column failures, drop column try_after")
                .update();
        jdbc.sql("drop index ballots.earlier_link_credential, ballots.replacement_request_roll_entry")
                .update();
        jdbc.sql("alter table ballots.ballot drop column version, drop column changed_at, drop column changed_by")
                .update();
        jdbc.sql("drop table ballots.kept_receipt").update();
        jdbc.sql("alter table ballots.reminder_round drop column went, drop column skipped_for")
                .update();
        jdbc.sql("drop index ballots.ballot_log_ballot_action_id").update();
        jdbc.sql("create index ballot_log_ballot_action on ballots.ballot_log (ballot_id, action)")
                .update();
        jdbc.sql("alter table ballots.ballot drop column roll_updated_on").update();
        jdbc.sql("drop table ballots.replacement_request_not_kept").update();
        // V35 made the voters' counts read the addresses asked for: V20 and V21 make the view again.
        jdbc.sql("drop view ballots.voter_count").update();
        jdbc.sql("drop table ballots.replacement_request_address").update();
        jdbc.sql("alter table ballots.replacement_request drop column addresses_not_kept")
                .update();
        jdbc.sql("drop index ballots.roll_check_one_waiting, ballots.roll_check_member")
                .update();
        jdbc.sql("drop table ballots.roll_check").update();
        jdbc.sql("drop table ballots.counted_among_copies").update();
        jdbc.sql("drop index ballots.replacement_request_decided").update();
        jdbc.sql("drop index ballots.replacement_request_decided_state").update();
        jdbc.sql("delete from ballots.flyway_schema_history where version::integer >= 17")
                .update();

        // Another instance, still serving, is reading the checks in a transaction.
        try (Connection serving = holding(dataSource, "select count(*) from ballots.checked_paper")) {
            ExecutorService starting = Executors.newSingleThreadExecutor();
            try {
                Future<ModuleMigrations> started =
                        starting.submit(() -> ModuleMigrations.migrate(dataSource, database.url()));
                assertThatThrownBy(() -> started.get(60, TimeUnit.SECONDS))
                        .as("given up within a minute, not left waiting")
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(StartupProblem.class)
                        .hasMessageContaining("Migrating the ballots schema waited 10s for a lock")
                        .hasMessageContaining("nothing was changed");
            } finally {
                starting.shutdownNow();
            }
            serving.commit();
        }
        assertThat(foreignKeys(jdbc)).as("V17 rolled back whole").isEqualTo(1);

        ModuleMigrations.migrate(dataSource, database.url());
        assertThat(foreignKeys(jdbc)).as("V17 run once the table is free").isZero();
    }

    /**
     * The migrations' short wait for locks is set on the connections Flyway takes from the pool; none may go back to
     * the pool still carrying it, or a request that happened to get one would give up on a lock after ten seconds (a
     * 500) where the same request on another connection waits.
     */
    @Test
    void noConnectionLeftInThePoolKeepsTheMigrationsWaitForLocks() throws Exception {
        ModuleMigrations.migrate(dataSource, database.url());

        int size = dataSource.getMaximumPoolSize();
        List<Connection> every = new ArrayList<>();
        List<String> timeouts = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                every.add(dataSource.getConnection());
            }
            for (Connection connection : every) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("show lock_timeout")) {
                    rs.next();
                    timeouts.add(rs.getString(1));
                }
            }
        } finally {
            for (Connection connection : every) {
                connection.close();
            }
        }
        assertThat(timeouts)
                .as("each pooled connection's lock_timeout")
                .hasSize(size)
                .containsOnly("0");
    }

    private static long foreignKeys(JdbcClient jdbc) {
        return jdbc.sql("""
                        select count(*) from pg_constraint
                        where conrelid = 'ballots.checked_paper'::regclass and contype = 'f'
                        """).query(Long.class).single();
    }
}
