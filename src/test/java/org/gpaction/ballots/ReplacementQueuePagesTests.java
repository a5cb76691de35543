package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scrutineer's queue of replacement requests is listed 50 to a page, oldest first, those that can still be decided
 * before those whose ballot closed first, each page saying how many wait in all; the requests already decided are
 * listed 50 to a page too, the latest decision first, each page saying how many were decided in all.
 */
@GpActionTest
class ReplacementQueuePagesTests {

    /** Older than any request another test makes, so these come first in the queue whatever else waits. */
    private static final Instant LONG_AGO = Instant.parse("2001-02-03T09:00:00Z");

    /** Later than any decision another test makes, so these come first among the decided whatever else was decided. */
    private static final Instant FAR_AHEAD = Instant.parse("2999-02-03T09:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @LocalServerPort
    int port;

    private final List<Long> ballots = new ArrayList<>();

    @AfterEach
    void forgetTheRequests() {
        for (long ballot : ballots) {
            jdbc.sql("delete from ballots.replacement_request where ballot_id = :b")
                    .param("b", ballot)
                    .update();
        }
    }

    @Test
    void theQueueIsListedFiftyAPageOldestFirstSayingHowManyWaitInAll() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long open = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        long closed = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        ballots.add(open);
        ballots.add(closed);
        String prefix = "PAGED-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // The request whose ballot has closed is the oldest of all, yet listed after every request still to decide.
        waiting(closed, prefix + "CLOSED", LONG_AGO.minusSeconds(60));
        for (int i = 0; i < 120; i++) {
            waiting(open, prefix + String.format("%03d", i), LONG_AGO.plusSeconds(i));
        }
        jdbc.sql("update ballots.ballot set status = 'CLOSED', closes_at = now() - interval '1 minute',"
                        + " closed_at = now(), log_hash = repeat('ab', 32) where id = :id")
                .param("id", closed)
                .update();
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String first = scrutineer.get("/ballots/replacement-requests").body();
        long toDecide = count("""
                select count(*) from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                where r.state = 'WAITING' and b.status in ('SCHEDULED', 'OPEN') and b.closes_at > now()
                """);
        long undecided = count("""
                select count(*) from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                where r.state = 'WAITING' and not (b.status in ('SCHEDULED', 'OPEN') and b.closes_at > now())
                """);
        long pages = (toDecide + undecided + 49) / 50;

        assertThat(listed(first, prefix))
                .as("the 50 oldest to decide")
                .containsExactlyElementsOf(numbers(prefix, 0, 50));
        assertThat(flat(first))
                .contains(toDecide + " requests waiting for a check")
                .contains(undecided + (undecided == 1 ? " request" : " requests") + " not decided before voting closed")
                .contains("Showing 1 to 50")
                .contains("class=\"govuk-pagination govuk-pagination--block\"")
                .contains("href=\"/ballots/replacement-requests?page=2\"")
                .contains("Page 2 of " + pages)
                .doesNotContain("rel=\"prev\"");

        String second = scrutineer.get("/ballots/replacement-requests?page=2").body();
        assertThat(listed(second, prefix)).containsExactlyElementsOf(numbers(prefix, 50, 100));
        assertThat(flat(second))
                .contains(toDecide + " requests waiting for a check")
                .contains("Showing 51 to 100")
                .contains("href=\"/ballots/replacement-requests?page=1\"")
                .contains("Page 1 of " + pages);

        String third = scrutineer.get("/ballots/replacement-requests?page=3").body();
        assertThat(listed(third, prefix)).startsWith(numbers(prefix, 100, 120).toArray(String[]::new));

        String withClosed = scrutineer
                .get("/ballots/replacement-requests?page=" + (toDecide / 50 + 1))
                .body();
        assertThat(withClosed.indexOf(">" + prefix + "CLOSED<"))
                .as("the closed ballot's request, oldest of all, comes after every request still to decide, apart")
                .isGreaterThan(withClosed.indexOf("id=\"closed-requests\""))
                .isGreaterThan(0);

        String last = flat(
                scrutineer.get("/ballots/replacement-requests?page=" + pages).body());
        assertThat(last)
                .contains("Showing " + ((pages - 1) * 50 + 1) + " to " + (toDecide + undecided))
                .doesNotContain("rel=\"next\"");
        assertThat(flat(scrutineer
                        .get("/ballots/replacement-requests?page=" + (pages + 5))
                        .body()))
                .as("a page past the last (the queue shorter since) shows the last")
                .contains("Showing " + ((pages - 1) * 50 + 1) + " to " + (toDecide + undecided));
        assertThat(scrutineer.get("/ballots/replacement-requests?page=two").status())
                .isEqualTo(400);

        String email = TestMailbox.uniqueAddress("pager");
        staffAccounts.create(
                new CreateStaffCommand(email, ReplacementQueueJourneyTests.PASSWORD, "SCRUTINEER", List.of(), null),
                TestAdmin.id(staffAccounts),
                "test");
        try (BrowserContext browser = Browser.newContext()) {
            Page page = browser.newPage();
            Browser.signIn(page, "http://localhost:" + port + "/sign-in", email, ReplacementQueueJourneyTests.PASSWORD);
            page.navigate("http://localhost:" + port + "/ballots/replacement-requests");
            page.locator("a[rel=next]").click();
            assertThat(page.locator("#queue-counts")).containsText("Showing 51 to 100");
            assertThat(page.locator("a[rel=prev]")).isVisible();
            assertAccessible(page);
        }
    }

    @Test
    void theDecidedRequestsAreListedFiftyAPageLatestFirstSayingHowManyWereDecided() {
        long ballot = new ReplacementFixtures(jdbc).openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        ballots.add(ballot);
        String prefix = "DECIDED-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < 120; i++) {
            decided(ballot, prefix + String.format("%03d", i), FAR_AHEAD.minusSeconds(i), i % 3 == 0);
        }
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String first = scrutineer.get("/ballots/replacement-requests/decided").body();
        long sent = count("select count(*) from ballots.replacement_request where state = 'ISSUED'");
        long declined = count("select count(*) from ballots.replacement_request where state = 'DECLINED'");
        long pages = (sent + declined + 49) / 50;

        assertThat(listed(first, prefix))
                .as("the 50 latest decisions")
                .containsExactlyElementsOf(numbers(prefix, 0, 50));
        assertThat(flat(first))
                .contains((sent + declined) + " requests decided: " + sent + " links sent, " + declined + " declined")
                .contains("Showing 1 to 50, the latest decision first")
                .contains("class=\"govuk-pagination govuk-pagination--block\"")
                .contains("href=\"/ballots/replacement-requests/decided?page=2\"")
                .contains("Page 2 of " + pages)
                .doesNotContain("rel=\"prev\"");

        String second =
                scrutineer.get("/ballots/replacement-requests/decided?page=2").body();
        assertThat(listed(second, prefix)).containsExactlyElementsOf(numbers(prefix, 50, 100));
        assertThat(flat(second))
                .contains((sent + declined) + " requests decided")
                .contains("Showing 51 to 100")
                .contains("href=\"/ballots/replacement-requests/decided?page=1\"")
                .contains("Page 1 of " + pages);

        String third =
                scrutineer.get("/ballots/replacement-requests/decided?page=3").body();
        assertThat(listed(third, prefix)).startsWith(numbers(prefix, 100, 120).toArray(String[]::new));

        String last = flat(scrutineer
                .get("/ballots/replacement-requests/decided?page=" + pages)
                .body());
        assertThat(last)
                .contains("Showing " + ((pages - 1) * 50 + 1) + " to " + (sent + declined))
                .doesNotContain("rel=\"next\"");
        assertThat(flat(scrutineer
                        .get("/ballots/replacement-requests/decided?page=" + (pages + 5))
                        .body()))
                .as("a page past the last shows the last, as the queue's do")
                .contains("Showing " + ((pages - 1) * 50 + 1) + " to " + (sent + declined));
        assertThat(scrutineer
                        .get("/ballots/replacement-requests/decided?page=two")
                        .status())
                .isEqualTo(400);

        String email = TestMailbox.uniqueAddress("decided");
        staffAccounts.create(
                new CreateStaffCommand(email, ReplacementQueueJourneyTests.PASSWORD, "SCRUTINEER", List.of(), null),
                TestAdmin.id(staffAccounts),
                "test");
        try (BrowserContext browser = Browser.newContext()) {
            Page page = browser.newPage();
            Browser.signIn(page, "http://localhost:" + port + "/sign-in", email, ReplacementQueueJourneyTests.PASSWORD);
            page.navigate("http://localhost:" + port + "/ballots/replacement-requests/decided");
            page.locator("a[rel=next]").click();
            assertThat(page.locator("#decided-counts")).containsText("Showing 51 to 100");
            assertThat(page.locator("a[rel=prev]")).isVisible();
            assertAccessible(page);
        }
    }

    private void waiting(long ballot, String member, Instant at) {
        onTheRoll(ballot, member);
        jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state)
                        values (:ballot, :member, lower(:member) || '@elsewhere.example', :at, 'WAITING')
                        """)
                .param("ballot", ballot)
                .param("member", member)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** A request the scrutineer decided at this time, a link sent to the address asked for, or declined. */
    private void decided(long ballot, String member, Instant at, boolean declined) {
        onTheRoll(ballot, member);
        jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state, sent_to, decided_by, decided_at, reason)
                        values (:ballot, :member, lower(:member) || '@elsewhere.example', :received, :state,
                            case when :state = 'ISSUED' then lower(:member) || '@elsewhere.example' end,
                            'scrutineer@ballots.test', :at, 'Checked by telephone with the member')
                        """)
                .param("ballot", ballot)
                .param("member", member)
                .param("received", Timestamp.from(at.minus(Duration.ofHours(1))))
                .param("state", declined ? "DECLINED" : "ISSUED")
                .param("at", Timestamp.from(at))
                .update();
    }

    private void onTheRoll(long ballot, String member) {
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        values (:ballot, :member, now(), 'test', 'test')
                        """).param("ballot", ballot).param("member", member).update();
    }

    /** The membership numbers of this test's requests the page lists, in order. */
    private static List<String> listed(String page, String prefix) {
        List<String> numbers = new ArrayList<>();
        Matcher m =
                Pattern.compile(">(" + Pattern.quote(prefix) + "[0-9A-Z]+)<").matcher(page);
        while (m.find()) {
            numbers.add(m.group(1));
        }
        return numbers;
    }

    private static List<String> numbers(String prefix, int from, int to) {
        List<String> numbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            numbers.add(prefix + String.format("%03d", i));
        }
        return numbers;
    }

    private static String flat(String page) {
        return page.replaceAll("\\s+", " ");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
