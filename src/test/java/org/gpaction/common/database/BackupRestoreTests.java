package org.gpaction.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.GpActionApplication;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.results.Results;
import org.gpaction.support.DebianPostgres;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The README's backup: a database holding a closed ballot is dumped with pg_dump, restored with pg_restore into a
 * fresh embedded PostgreSQL, and GP Action starts on the copy with the ballot's seal still verifying.
 */
class BackupRestoreTests {

    static final int VOTERS = 5;

    @TempDir
    Path work;

    @Test
    void aDumpOfADatabaseWithAClosedBallotRestoresIntoAFreshEmbeddedPostgresWhereTheSealStillVerifies()
            throws Exception {
        Path dump = work.resolve("gpaction.dump");
        long ballot;
        Results.SealCheck sealed;
        try (DebianPostgres external = DebianPostgres.start(work)) {
            try (ConfigurableApplicationContext app = start(
                    "--spring.datasource.url=" + external.jdbcUrl(),
                    "--spring.datasource.username=" + DebianPostgres.USER,
                    "--spring.datasource.password=" + external.password(),
                    "--gpaction.data-dir=" + work.resolve("first"))) {
                ballot = aClosedBallot(app);
                sealed = app.getBean(Results.class).checkSeal(ballot);
                assertThat(sealed.unchanged()).isTrue();
            }
            external.client("pg_dump", List.of("--format=custom", "--file=" + dump, "gpaction"));
        }
        assertThat(Files.size(dump)).isPositive();

        Path restoredDir = work.resolve("restored");
        try (EmbeddedPostgresServer fresh = EmbeddedPostgresServer.start(restoredDir)) {
            DebianPostgres.clientAt(
                    "pg_restore",
                    fresh.port(),
                    fresh.password(),
                    List.of("--no-owner", "--no-acl", "--exit-on-error", "--dbname=gpaction", dump.toString()));
        }

        try (ConfigurableApplicationContext restored =
                start("--gpaction.data-dir=" + restoredDir, "--gpaction.test.shared-database=false")) {
            Results.SealCheck check = restored.getBean(Results.class).checkSeal(ballot);
            assertThat(check.unchanged()).isTrue();
            assertThat(check.sealedHash()).isEqualTo(sealed.sealedHash());
            assertThat(new VotingFixtures(restored.getBean(JdbcClient.class)).papers(ballot))
                    .isEqualTo(VOTERS);
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        String[] all = new String[arguments.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--gpaction.test.shared-mailbox=false";
        all[2] = "--gpaction.ballots.tick=PT0.2S";
        System.arraycopy(arguments, 0, all, 3, arguments.length);
        return new SpringApplicationBuilder(GpActionApplication.class).run(all);
    }

    /** Votes through the vote API, then lets the application's own clock close the ballot. */
    private static long aClosedBallot(ConfigurableApplicationContext app) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        Instant closes = Instant.now().plusSeconds(5);
        long ballot = fixtures.ballotWithWindow(Instant.now().minusSeconds(60), closes);
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        for (int i = 0; i < VOTERS; i++) {
            String token = fixtures.credential(ballot, "BACKUP-" + i);
            Http.Response vote =
                    new Http(port).postJson("/api/vote", Map.of("token", token, "choice", i % 2 == 0 ? "Yes" : "No"));
            assertThat(vote.status()).as(vote.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CLOSED"
                        .equals(jdbc.sql("select status from ballots.ballot where id = :id")
                                .param("id", ballot)
                                .query(String.class)
                                .single()));
        return ballot;
    }
}
