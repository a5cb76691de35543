package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
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
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Page first = page(admin, "/admin/actions/pledges");
        assertThat(ROW.matcher(first.body()).results().count()).isEqualTo(100);
        assertThat(first.firstShown()).isEqualTo(1);
        assertThat(first.lastShown()).isEqualTo(100);
        assertThat(first.body())
                .contains("Page 2 of " + first.pages())
                .contains("/admin/actions/pledges?page=2")
                .doesNotContain("rel=\"prev\"")
                .contains(marker + " 149<")
                .doesNotContain(marker + " 49<");

        Page second = page(admin, "/admin/actions/pledges?page=2");
        assertThat(second.firstShown()).isEqualTo(101);
        assertThat(second.lastShown()).isEqualTo(Math.min(200, second.total()));
        assertThat(second.body())
                .contains("Page 1 of " + second.pages())
                .contains(marker + " 49<")
                .doesNotContain(marker + " 149<");

        Http.Response notANumber = admin.get("/admin/actions/pledges?page=abc");
        assertThat(notANumber.status())
                .as("a page number that is not one is refused")
                .isEqualTo(400);
        assertThat(notANumber.body())
                .contains("The page number in the address (page=) must be a whole number from 1")
                .doesNotContain(marker);
        Page pastTheEnd = page(admin, "/admin/actions/pledges?page=99999");
        assertThat(pastTheEnd.firstShown())
                .as("a page past the end gives the last one")
                .isEqualTo((pastTheEnd.pages() - 1) * 100 + 1);
        assertThat(pastTheEnd.lastShown()).isEqualTo(pastTheEnd.total());
        assertThat(pastTheEnd.body()).doesNotContain("rel=\"next\"");
    }

    /** A page of the list with the counts it shows, which are checked against the table as it was then. */
    private record Page(String body, long total, long confirmed, long firstShown, long lastShown) {
        long pages() {
            return (total + 99) / 100;
        }
    }

    private static final Pattern SHOWN =
            Pattern.compile("(\\d+) pledges?, (\\d+) confirmed\\. Showing (\\d+) to (\\d+), newest first\\.");

    /**
     * The page at {@code path}, whose counts must be the table's just before or just after it was asked for: the
     * hourly retention job may delete other tests' expired unconfirmed pledges in between, never this test's.
     */
    private Page page(Http admin, String path) {
        long totalBefore = count("select count(*) from actions.pledge");
        long confirmedBefore = count("select count(*) from actions.pledge where confirmed_at is not null");
        String body = admin.get(path).body();
        long totalAfter = count("select count(*) from actions.pledge");
        long confirmedAfter = count("select count(*) from actions.pledge where confirmed_at is not null");
        Matcher shown = SHOWN.matcher(body);
        assertThat(shown.find()).as(path + " says how many there are").isTrue();
        Page page = new Page(
                body,
                Long.parseLong(shown.group(1)),
                Long.parseLong(shown.group(2)),
                Long.parseLong(shown.group(3)),
                Long.parseLong(shown.group(4)));
        assertThat(page.total())
                .as(path + ": pledges shown")
                .isBetween(Math.min(totalBefore, totalAfter), Math.max(totalBefore, totalAfter));
        assertThat(page.confirmed())
                .as(path + ": confirmed pledges shown")
                .isBetween(Math.min(confirmedBefore, confirmedAfter), Math.max(confirmedBefore, confirmedAfter));
        return page;
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

    @Test
    void theDownloadGivesEachTimeInUkTimeAsTheOtherDownloadsDo() {
        marker = "UkTime" + System.nanoTime();
        pledgedAt(
                marker + " summer",
                Instant.parse("2026-06-30T23:30:00.123456Z"),
                Instant.parse("2026-07-01T08:05:59Z"));
        pledgedAt(marker + " winter", Instant.parse("2026-12-01T09:15:00Z"), Instant.parse("2026-12-01T09:16:00Z"));
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String csv = admin.get("/admin/actions/pledges.csv").body();

        assertThat(csv.lines().filter(line -> line.startsWith(marker + " summer,")))
                .as("23:30 UTC on 30 June is 00:30 on 1 July in UK time (BST)")
                .singleElement()
                .asString()
                .endsWith(",2026-07-01 00:30,2026-07-01 09:05");
        assertThat(csv.lines().filter(line -> line.startsWith(marker + " winter,")))
                .as("in winter UK time is UTC")
                .singleElement()
                .asString()
                .endsWith(",2026-12-01 09:15,2026-12-01 09:16");
    }

    private void pledgedAt(String name, Instant made, Instant confirmed) {
        jdbc.sql("""
                        insert into actions.pledge
                            (name, role, ods_code, email, consent_to_contact, created_at, expires_at, confirmed_at)
                        values (:name, 'NURSE_PARTNER', 'A81001', :email, true, :made, :made, :confirmed)
                        """)
                .param("name", name)
                .param("email", name.toLowerCase().replace(' ', '.') + "@example.org")
                .param("made", Timestamp.from(made))
                .param("confirmed", Timestamp.from(confirmed))
                .update();
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
