package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An administrator sees pledges a hundred to a page with how many there are, and downloads every confirmed one in a
 * file written as it is read, however many there are.
 */
@GpActionTest
class PledgeListTests {

    private static final Pattern ROW = Pattern.compile("<tr class=\"govuk-table__row\">\\s*<td");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private String marker;

    @AfterEach
    void removeThisTestsPledges() {
        jdbc.sql("delete from actions.pledge where name like :marker")
                .param("marker", marker + " %")
                .update();
    }

    @Test
    void theListShowsAHundredPledgesAPageWithHowManyThereAreAndLinksToTheOtherPages() {
        marker = "List" + System.nanoTime();
        pledges(marker, 150, 120);
        long total = count("select count(*) from actions.pledge");
        long confirmed = count("select count(*) from actions.pledge where confirmed_at is not null");
        long pages = (total + 99) / 100;
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String first = admin.get("/admin/actions/pledges").body();
        assertThat(ROW.matcher(first).results().count()).isEqualTo(100);
        assertThat(first)
                .contains(total + " pledges, " + confirmed + " confirmed. Showing 1 to 100, newest first.")
                .contains("Page 2 of " + pages)
                .contains("/admin/actions/pledges?page=2")
                .doesNotContain("rel=\"prev\"")
                .contains(marker + " 149")
                .doesNotContain(marker + " 49<");

        String second = admin.get("/admin/actions/pledges?page=2").body();
        assertThat(second)
                .contains("Showing 101 to " + Math.min(200, total))
                .contains("Page 1 of " + pages)
                .contains(marker + " 49<")
                .doesNotContain(marker + " 149");

        assertThat(admin.get("/admin/actions/pledges?page=abc").body())
                .as("a page number that is not one gives the first page")
                .contains("Showing 1 to 100");
        String last = admin.get("/admin/actions/pledges?page=99999").body();
        assertThat(last)
                .as("a page past the end gives the last one")
                .contains("Showing " + ((pages - 1) * 100 + 1) + " to " + total)
                .doesNotContain("rel=\"next\"");
    }

    @Test
    void theDownloadHoldsEveryConfirmedPledgeAndIsSentAsItIsWritten() {
        marker = "Csv" + System.nanoTime();
        pledges(marker, 700, 600);
        long confirmed = count("select count(*) from actions.pledge where confirmed_at is not null");
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response csv = admin.get("/admin/actions/pledges.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.header("content-disposition")).contains("pledges.csv");
        assertThat(csv.header("content-length"))
                .as("a file longer than the response buffer is sent as it is written, its length not known first")
                .isNull();
        assertThat(csv.body())
                .startsWith("\uFEFFname,role,ods_code,email,consent_to_contact,pledged_at,confirmed_at\r\n");
        assertThat(csv.body().lines()).hasSize((int) confirmed + 1);
        assertThat(csv.body().lines().filter(line -> line.startsWith(marker + " ")))
                .as("the confirmed ones only")
                .hasSize(600)
                .allMatch(line -> line.contains(",Nurse partner,A81001,"));
    }

    /**
     * {@code howMany} pledges a second apart from tomorrow, so newer than any other test's, numbered from the oldest,
     * the first {@code confirmed} of them confirmed.
     */
    private void pledges(String marker, int howMany, int confirmed) {
        Instant start = Instant.now().plus(Duration.ofDays(1));
        for (int i = 0; i < howMany; i++) {
            Instant at = start.plusSeconds(i);
            jdbc.sql("""
                            insert into actions.pledge
                                (name, role, ods_code, email, consent_to_contact, created_at, expires_at, confirmed_at)
                            values (:name, 'NURSE_PARTNER', 'A81001', :email, true, :at, :at, :confirmed)
                            """)
                    .param("name", marker + " " + i)
                    .param("email", marker.toLowerCase() + "." + i + "@example.org")
                    .param("at", Timestamp.from(at))
                    .param("confirmed", i < confirmed ? Timestamp.from(at) : null)
                    .update();
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
