package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.HeldLocks.holding;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A membership file sent, through the API or the import page, while another import holds the roll is told so after
 * the roll wait, 409, and changes nothing, while the import holding the roll goes on as before; it is not left
 * hanging until that import ends.
 */
@GpActionTest
@TestPropertySource(properties = "gpaction.membership.roll-wait=1s")
class ImportBehindAnImportTests {

    private static final String ROLL_LOCK = "select pg_advisory_xact_lock(hashtext('membership.roll'))";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    String practice;
    String number;
    String fileName;
    String csv;

    @BeforeEach
    void aFileOfOneMember() {
        practice = TestPractices.add(jdbc);
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        number = "BEHIND" + tag;
        fileName = "behind-" + tag.toLowerCase() + ".csv";
        csv = String.join(",", MemberImport.COLUMNS) + "\n" + number + ","
                + (1_000_000 + Math.floorMod(tag.hashCode(), 8_000_000)) + ",Ada,Behind," + tag.toLowerCase()
                + "@behind.test,ACTIVE,2015-04-01,2015-04-01,SALARIED," + practice + ",2016-01-01,\n";
    }

    @Test
    void aFileSentThroughTheApiWhileAnotherImportHoldsTheRollGets409NamingIt_andChangesNothing() throws Exception {
        Http api = new Http(port);
        String token = api.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();

        double busyBefore = imports("busy");
        double failedBefore = imports("failed");

        Http.Response answer = whileAnotherImportHoldsTheRoll(
                () -> api.postCsv("/api/members/imports?fileName=" + fileName, csv, token));

        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString())
                .contains("Another import of the membership file is updating the roll")
                .contains("nothing was imported from " + fileName)
                .contains("send it again once that import has finished");
        assertNothingChanged();
        assertThat(imports("busy")).as("counted as busy in gpaction.imports").isEqualTo(busyBefore + 1);
        assertThat(imports("failed")).as("not counted as a failed import").isEqualTo(failedBefore);

        Http.Response again = api.postCsv("/api/members/imports?fileName=" + fileName, csv, token);
        assertThat(again.status())
                .as("the roll let go, the same file imports: " + again.body())
                .isEqualTo(200);
        assertThat(again.json().get("created").asInt()).isEqualTo(1);
    }

    @Test
    void aFileSentFromTheImportPageWhileAnotherImportHoldsTheRollGets409NamingIt_andChangesNothing() throws Exception {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/admin/members/import");

        Http.Response page =
                whileAnotherImportHoldsTheRoll(() -> admin.postFile("/admin/members/import", fileName, csv));

        assertThat(page.status()).as(page.body()).isEqualTo(409);
        assertThat(page.body())
                .contains("govuk-error-summary")
                .contains("Another import of the membership file is updating the roll")
                .contains("nothing was imported from " + fileName)
                .doesNotContain("give them this reference");
        assertNothingChanged();
    }

    /**
     * Sends the file while a connection of the test holds the roll as an import does, the sending given far longer than
     * the one second it may wait; the import holding the roll then writes a member and commits, unaffected.
     */
    private Http.Response whileAnotherImportHoldsTheRoll(Callable<Http.Response> send) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Http.Response answer;
        String first = number + "F";
        try (Connection importing = holding(dataSource, ROLL_LOCK)) {
            Future<Http.Response> sent = thread.submit(send);
            answer = sent.get(20, TimeUnit.SECONDS);
            try (var write = importing.prepareStatement("""
                    insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                        status, status_since, joined_on, updated_at)
                    values (?, ?, 'Ada', 'First', lower(?) || '@first-import.test', 'ACTIVE', date '2015-04-01',
                        date '2015-04-01', now())
                    """)) {
                write.setString(1, first);
                write.setString(2, String.valueOf(9_000_000 + Math.floorMod(first.hashCode(), 999_999)));
                write.setString(3, first);
                write.executeUpdate();
            }
            importing.commit();
        } finally {
            thread.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number = :n")
                        .param("n", first)
                        .query(Integer.class)
                        .single())
                .as("the import holding the roll committed as ever")
                .isEqualTo(1);
        return answer;
    }

    /** How many membership imports {@code gpaction.imports} has counted with this outcome. */
    private double imports(String outcome) {
        var timer = meters.find("gpaction.imports")
                .tags("module", "membership", "kind", "members", "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private void assertNothingChanged() {
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number = :n")
                        .param("n", number)
                        .query(Integer.class)
                        .single())
                .as("no member imported")
                .isZero();
        assertThat(jdbc.sql("select count(*) from membership.import_run where file_name = :f")
                        .param("f", fileName)
                        .query(Integer.class)
                        .single())
                .as("no import of the file recorded, as none was made or refused for what the file holds")
                .isZero();
    }
}
