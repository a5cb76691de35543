package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The period a practice's evidence page shows, where its links to another period and the monthly pack go, and the weeks
 * its alert state is suggested and counted for.
 */
@GpActionTest
@Import(MovingClocks.class)
class PracticeEvidencePeriodTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http admin;
    CapacityTestData data;
    String ods;

    @BeforeEach
    void setUp() {
        admin = new Http(port);
        data = new CapacityTestData(jdbc, admin);
        ods = data.practice(6_000);
        assertThat(admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).status()).isLessThan(400);
    }

    @Test
    void aWeekRunningIntoTheNextMonthLinksToThePackAndTheDayOfTheDayAskedFor() {
        // Monday 30 November 2026: its week runs to Sunday 6 December.
        String page = admin.get("/safe-working/" + ods + "/evidence?period=week&on=2026-11-30")
                .body();

        assertThat(page).contains("Mon 30 Nov 2026 to Sun 6 Dec 2026");
        assertThat(link(page, "Printable evidence pack for the month"))
                .as("the month of the day asked for, not of the week's last day")
                .endsWith("/evidence/pack?month=2026-11");
        assertThat(List.of(link(page, "Day"), link(page, "Month")))
                .allSatisfy(href -> assertThat(href).contains("on=2026-11-30"));
        assertThat(admin.get(link(page, "Month").replace("&amp;", "&")).body())
                .contains("Sun 1 Nov 2026 to Mon 30 Nov 2026");
    }

    @Test
    void theDaysAnAreaShowedMoveEarlierAndLaterByAsManyDays_andLeadBackToTheAreaForThoseDays() {
        Http officer = new Http(port);
        assertThat(officer.signIn(data.staff("LMC_OFFICER", List.of(), data.lmc), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        String page = officer.get("/safe-working/" + ods + "/evidence?from=2026-11-04&to=2026-11-10")
                .body();
        assertThat(page).contains("Wed 4 Nov 2026 to Tue 10 Nov 2026");

        assertThat(officer.get(link(page, "Earlier").replace("&amp;", "&")).body())
                .contains("Wed 28 Oct 2026 to Tue 3 Nov 2026");
        assertThat(officer.get(link(page, "Later").replace("&amp;", "&")).body())
                .contains("Wed 11 Nov 2026 to Tue 17 Nov 2026");
        String back = link(page, "Back to the area's evidence").replace("&amp;", "&");
        assertThat(back).isEqualTo("/safe-working/evidence?from=2026-11-04&to=2026-11-10");
        assertThat(officer.get(back).body())
                .as("the area's page for the same days")
                .contains("value=\"2026-11-04\"", "value=\"2026-11-10\"");

        assertThat(officer.get("/safe-working/" + ods + "/evidence?from=2000-01-01&to=2000-01-07")
                        .body())
                .as("no Earlier link to days before any figures, which would be refused")
                .contains("Sat 1 Jan 2000 to Fri 7 Jan 2000")
                .doesNotContain(">Earlier</a>")
                .contains(">Later</a>");
    }

    @Test
    void aDayWeekMonthOrPackLeadsBackToTheAreaForTheSameDaysAndFilter() {
        Http officer = new Http(port);
        assertThat(officer.signIn(data.staff("LMC_OFFICER", List.of(), data.lmc), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        String evidence = "/safe-working/" + ods + "/evidence";
        String icb = "&icb=" + data.icb();
        Map<String, String> backFrom = Map.of(
                evidence + "?period=day&on=2026-11-30", "from=2026-11-30&to=2026-11-30",
                evidence + "?period=week&on=2026-11-30", "from=2026-11-30&to=2026-12-06",
                evidence + "?period=month&on=2026-11-30", "from=2026-11-01&to=2026-11-30",
                evidence + "/pack?month=2026-11", "from=2026-11-01&to=2026-11-30");
        backFrom.forEach((view, days) -> {
            String back = link(officer.get(view + icb).body(), "Back to the area's evidence")
                    .replace("&amp;", "&");
            assertThat(back).as(view).isEqualTo("/safe-working/evidence?" + days + icb);
            String area = officer.get(back).body();
            assertThat(area)
                    .as("the area's page for the same days and ICB, from " + view)
                    .contains(
                            "value=\"" + days.substring(5, 15) + "\"",
                            "value=\"" + days.substring(19) + "\"",
                            "value=\"" + data.icb() + "\"");
        });
        // A week running past the last day the area can show goes back to the area's own days, with the filter alone.
        String edge = evidence + "?period=week&on=2099-12-31";
        assertThat(link(officer.get(edge + icb).body(), "Back to the area's evidence"))
                .isEqualTo("/safe-working/evidence?icb=" + data.icb());
        assertThat(link(officer.get(edge).body(), "Back to the area's evidence"))
                .isEqualTo("/safe-working/evidence");
    }

    /**
     * A practice's evidence page, opened from an area's evidence with no filter, an LMC, an ICB or both, carries those
     * filters and no others in its links to other periods, the pack and back to the area: a filter left out is no
     * parameter at all, never one named with no value; and each link opens.
     */
    @Test
    void theEvidencePagesLinksCarryOnlyTheAreaFiltersItWasGiven() {
        Http officer = new Http(port);
        assertThat(officer.signIn(data.staff("LMC_OFFICER", List.of(), data.lmc), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        String lmc = "lmc=" + URLEncoder.encode(data.lmc, StandardCharsets.UTF_8);
        String icb = "icb=" + data.icb();
        String evidence = "/safe-working/" + ods + "/evidence";
        for (String filter : List.of("", lmc, icb, lmc + "&" + icb)) {
            for (String view : List.of(
                    evidence + "?period=day&on=2026-11-30",
                    evidence + "?from=2026-11-04&to=2026-11-10",
                    evidence + "/pack?month=2026-11",
                    evidence + "?period=week&on=2099-12-31")) {
                String address = filter.isEmpty() ? view : view + "&" + filter;
                Http.Response page = officer.get(address);
                assertThat(page.status()).as(address).isEqualTo(200);
                List<String> links = Pattern.compile("href=\"(/safe-working/[^\"]*evidence[^\"]*)\"")
                        .matcher(page.body())
                        .results()
                        .map(link -> link.group(1).replace("&amp;", "&"))
                        .filter(link -> !link.contains("evidence.csv"))
                        .toList();
                assertThat(links).as(address).isNotEmpty();
                for (String link : links) {
                    List<String> parameters = link.contains("?")
                            ? List.of(link.substring(link.indexOf('?') + 1).split("&", -1))
                            : List.of();
                    assertThat(parameters)
                            .as("%s on the page %s", link, address)
                            .allMatch(parameter -> parameter.matches("[a-z]+=[^=]+"));
                    assertThat(parameters.stream()
                                    .filter(parameter -> parameter.startsWith("lmc=") || parameter.startsWith("icb="))
                                    .map(parameter -> URLDecoder.decode(parameter, StandardCharsets.UTF_8)))
                            .as("%s on the page %s", link, address)
                            .containsExactlyElementsOf(
                                    filter.isEmpty()
                                            ? List.of()
                                            : List.of(URLDecoder.decode(filter, StandardCharsets.UTF_8)
                                                    .split("&")));
                    // In the last week the page can show, only the way back to the area is followed: the week's Later
                    // link leads past the last day the page shows, a matter apart from the filters.
                    if (!view.contains("2099") || link.startsWith("/safe-working/evidence")) {
                        assertThat(officer.get(link).status()).as(link).isEqualTo(200);
                    }
                }
            }
        }
    }

    @Test
    void aPeriodThatIsNotADayWeekOrMonthIsAQuestionToFixNotAWeek() {
        for (String period : List.of("fortnight", "year", "mnth")) {
            Http.Response refused = admin.get("/safe-working/" + ods + "/evidence?period=" + period + "&on=2026-11-30");
            assertThat(refused.status()).as(period).isEqualTo(400);
            assertThat(refused.body()).as(period).contains("period must be day, week or month");
        }
        assertThat(admin.get("/safe-working/" + ods + "/evidence?period=Month&on=2026-11-30")
                        .body())
                .as("the period in any case")
                .contains("Sun 1 Nov 2026 to Mon 30 Nov 2026");
        assertThat(admin.get("/safe-working/" + ods + "/evidence?on=2026-11-30").body())
                .as("the week when no period is asked for")
                .contains("Mon 30 Nov 2026 to Sun 6 Dec 2026");
    }

    @Test
    void aWeekThatHasNotStartedIsAQuestionToFixNotAWeekSuggestedGreen() {
        Http.Response ahead = admin.get("/safe-working/" + ods + "/alert-state?week=2098-01-06");
        assertThat(ahead.status()).as(ahead.body()).isEqualTo(400);
        assertThat(ahead.body())
                .contains(
                        "The week of 6 January 2098 has not started, so there are no figures to suggest its alert state")
                .doesNotContain("id=\"suggested\"");
        assertThat(admin.get("/safe-working/" + ods + "/alert-state").body())
                .as("this week, begun, is suggested a state from its figures so far")
                .contains("id=\"suggested\">Green<");
    }

    @Test
    void aWeekAskedForByADayThatIsNotItsMondaySaysWhichMondayToAskForInWordsAndAsTheAddressWritesIt() {
        // The address needs the Monday as figures, so it is said how to write it there too.
        String said = "2 December 2026 is not a Monday: enter the week as a Monday&#39;s date, for example 30 November"
                + " 2026, written 2026-11-30 in the address";
        for (String page : List.of("/safe-working/" + ods + "/alert-state", "/safe-working/sitrep")) {
            Http.Response wednesday = admin.get(page + "?week=2026-12-02");
            assertThat(wednesday.status()).as(page + ": " + wednesday.body()).isEqualTo(400);
            assertThat(wednesday.body()).as(page).contains(said);
        }
    }

    @Test
    void aWeekInTheAddressThatIsNotADateOrOutOfRangeSaysTheRangeInWordsAndHowAnAddressWritesIt() {
        for (String page : List.of("/safe-working/" + ods + "/alert-state", "/safe-working/sitrep")) {
            Http.Response far = admin.get(page + "?week=2100-01-04");
            assertThat(far.status()).as(page + ": " + far.body()).isEqualTo(400);
            assertThat(far.body())
                    .as(page)
                    .contains("week must be a date from 1 January 2000 to 31 December 2099")
                    .doesNotContain("2000-01-01");
            Http.Response malformed = admin.get(page + "?week=7-12-2026");
            assertThat(malformed.status()).as(page + ": " + malformed.body()).isEqualTo(400);
            assertThat(malformed.body())
                    .as(page + ": the address needs the date as figures, so it says how to write them")
                    .contains("week must be a Monday&#39;s date written year-month-day, as 2026-12-07, from 1 January"
                            + " 2000 to 31 December 2099");
        }
    }

    @Test
    void aSitrepForAWeekThatHasNotStartedIsAQuestionToFixNotConfidentZeros() {
        Http.Response ahead = admin.get("/safe-working/sitrep?week=2098-01-06");
        assertThat(ahead.status()).as(ahead.body()).isEqualTo(400);
        assertThat(ahead.body())
                .contains("The week of 6 January 2098 has not started, so there are no alert states to count: choose"
                        + " this week or an earlier one")
                .doesNotContain("id=\"sitrep\"");
        Http.Response thisWeek = admin.get("/safe-working/sitrep");
        assertThat(thisWeek.status()).as("this week, begun, is counted").isEqualTo(200);
        assertThat(thisWeek.body()).contains("id=\"sitrep\"");
    }

    /** The address of the page's link with this text. */
    private static String link(String page, String text) {
        Matcher link = Pattern.compile("href=\"([^\"]+)\">" + Pattern.quote(text) + "</a>")
                .matcher(page);
        assertThat(link.find()).as("a link " + text).isTrue();
        return link.group(1);
    }
}
