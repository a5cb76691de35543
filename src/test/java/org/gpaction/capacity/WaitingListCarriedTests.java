package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A request put on an earlier working day's waiting list and not booked from it is carried onto the lists of the 5
 * working days after, oldest first, marked with the day it has waited since, and booked from there as any other; one
 * listed longer ago, booked already or undone is not carried. The requests of earlier days are written straight into
 * the table, as the router would have written them on those days. The application's clock is moved to a chosen
 * day, so the working days back, and the bank holidays among them, are the same whenever the test runs.
 */
@GpActionTest
@Import(MovingClocks.class)
class WaitingListCarriedTests {

    /** Tuesday 5 January 2027 at 10:00 UK time (GMT): the day whose waiting list is read and booked from. */
    static final Instant TUESDAY_10AM = Instant.parse("2027-01-05T10:00:00Z");

    /**
     * The working days before that Tuesday, nearest first, of a practice open every day of the week: New Year's Day
     * (Friday 1 January) and the Boxing Day substitute (Monday 28 December) are bank holidays, so not working days.
     */
    static final List<LocalDate> WORKING_DAYS_BEFORE = List.of(
            LocalDate.of(2027, 1, 4),
            LocalDate.of(2027, 1, 3),
            LocalDate.of(2027, 1, 2),
            LocalDate.of(2026, 12, 31),
            LocalDate.of(2026, 12, 30),
            LocalDate.of(2026, 12, 29),
            LocalDate.of(2026, 12, 27));

    private static final DateTimeFormatter LISTED_FOR = DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void onTheChosenTuesday() {
        clock.moveTo(TUESDAY_10AM);
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    /** The application stays cached with its scheduled jobs running: they must not go on living in 2027. */
    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    /**
     * A practice open every day with room today, and requests put on the lists of the working days before today:
     * {@code before.get(n - 1)} is the n-th working day back (see {@link #WORKING_DAYS_BEFORE}).
     */
    record Lists(
            String ods,
            String reception,
            long gp,
            LocalDate today,
            List<LocalDate> before,
            long fifthBack,
            long fourthBack,
            long firstBack,
            long sixthBack,
            long undone,
            long bookedBefore,
            long todays) {}

    Lists practiceWithRequestsWaitingSinceEarlierDays() {
        LocalDate today = PracticeCalendar.dayOf(TUESDAY_10AM);
        List<LocalDate> before = WORKING_DAYS_BEFORE;
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        long gp = practice.clinicianId(0);
        long sixthBack = data.waitlisted(ods, "RECEPTION", before.get(6), before.get(5));
        long fifthBack = data.waitlisted(ods, "RECEPTION", before.get(5), before.get(4));
        long fourthBack = data.waitlisted(ods, "RECEPTION", before.get(4), before.get(3));
        long bookedBefore = data.waitlisted(ods, "RECEPTION", before.get(3), before.get(2));
        long undone = data.waitlisted(ods, "RECEPTION", before.get(2), before.get(1));
        long firstBack = data.waitlisted(ods, "RECEPTION", before.get(1), before.get(0));
        // Sent through the online front door: no staff recorded it.
        jdbc.sql("update capacity.contact_request set channel = 'ONLINE', recorded_by = null where id = :id")
                .param("id", firstBack)
                .update();
        long todays = data.waitlisted(ods, "RECEPTION", before.get(0), today);
        jdbc.sql("update capacity.contact_request set undone_at = received_at + interval '1 minute' where id = :id")
                .param("id", undone)
                .update();
        jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            clinician_id, contact_number, served_from, from_waiting_list, recorded_by)
                        values (:ods, :day, :at, 'RECEPTION', 'ROUTINE', 'BOOKED', :gp, 1, :servedFrom, true,
                            'reception@capacity.test')
                        """)
                .param("ods", ods)
                .param("day", Date.valueOf(before.get(1)))
                .param("at", Timestamp.from(noon(before.get(1))))
                .param("gp", gp)
                .param("servedFrom", bookedBefore)
                .update();
        return new Lists(
                ods,
                data.receptionistToken(ods),
                gp,
                today,
                before,
                fifthBack,
                fourthBack,
                firstBack,
                sixthBack,
                undone,
                bookedBefore,
                todays);
    }

    @Test
    void aDaysListCarriesTheRequestsOfTheFiveWorkingDaysBeforeItStillWaiting_oldestFirst_andBooksThem() {
        Lists lists = practiceWithRequestsWaitingSinceEarlierDays();
        String path = "/api/practices/" + lists.ods() + "/waiting-list?day=" + lists.today();

        JsonNode list = http.get(path, lists.reception()).json();
        assertThat(list.get("carriedFrom").asString())
                .isEqualTo(lists.before().get(4).toString());
        assertThat(list.get("requests").findValuesAsString("id"))
                .as("only those put on this day's list, so a system counting each day's counts each request once")
                .containsExactly(String.valueOf(lists.todays()));
        assertThat(list.get("requests").findValuesAsString("forDay"))
                .containsExactly(lists.today().toString());
        assertThat(list.get("carried").findValuesAsString("id"))
                .as("the 6th working day back is beyond the horizon; one booked before or undone waits no more")
                .containsExactly(
                        String.valueOf(lists.fifthBack()),
                        String.valueOf(lists.fourthBack()),
                        String.valueOf(lists.firstBack()));
        assertThat(list.get("carried").findValuesAsString("forDay"))
                .containsExactly(
                        lists.before().get(4).toString(),
                        lists.before().get(3).toString(),
                        lists.before().get(0).toString());

        String booking = "/api/practices/" + lists.ods() + "/waiting-list/" + lists.firstBack() + "/booking";
        Http.Response booked = http.postJson(booking, Map.of("clinician", lists.gp()), lists.reception());
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().get("servedFrom").asLong()).isEqualTo(lists.firstBack());
        assertThat(booked.json().get("contactNumber").asInt()).isOne();
        Http.Response again = http.postJson(booking, Map.of(), lists.reception());
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already booked from the waiting list");

        JsonNode after = http.get(path, lists.reception()).json().get("carried");
        assertThat(after.get(2).get("id").asLong())
                .as("booked today, it stays on today's list, shown booked")
                .isEqualTo(lists.firstBack());
        assertThat(after.get(2).get("servedBy").get("id").asLong())
                .isEqualTo(booked.json().get("id").asLong());
        JsonNode tomorrow = http.get(
                        "/api/practices/" + lists.ods() + "/waiting-list?day="
                                + lists.today().plusDays(1),
                        lists.reception())
                .json();
        assertThat(tomorrow.get("carried").findValuesAsString("id"))
                .as("booked, it is carried no further")
                .doesNotContain(String.valueOf(lists.firstBack()))
                .contains(String.valueOf(lists.todays()));
        assertThat(tomorrow.get("requests")).isEmpty();

        JsonNode demand = http.get(
                        "/api/capacity/demand?practice=" + lists.ods() + "&from="
                                + lists.before().get(6) + "&to=" + lists.today(),
                        lists.reception())
                .json()
                .get("days");
        assertThat(demand.findValues("waitlisted").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .as("each request not undone is counted as waitlisted once, on the day it came, however far carried")
                .isEqualTo(6);
    }

    @Test
    void anEarlierDaysListStillShowsACarriedRequestBookedOnALaterDay_asItWasWaitingThatDay() {
        Lists lists = practiceWithRequestsWaitingSinceEarlierDays();
        String booking = "/api/practices/" + lists.ods() + "/waiting-list/" + lists.fourthBack() + "/booking";
        Http.Response booked = http.postJson(booking, Map.of("clinician", lists.gp()), lists.reception());
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);

        LocalDate yesterday = lists.before().get(0);
        JsonNode carried = http.get(
                        "/api/practices/" + lists.ods() + "/waiting-list?day=" + yesterday, lists.reception())
                .json()
                .get("carried");
        assertThat(carried)
                .extracting(request -> request.get("id").asLong())
                .as("put on the list 4 working days back and booked today, it was still waiting yesterday")
                .containsExactly(lists.sixthBack(), lists.fifthBack(), lists.fourthBack());
        assertThat(carried.get(2).get("servedBy").get("id").asLong())
                .isEqualTo(booked.json().get("id").asLong());
    }

    @Test
    void receptionSeesACarriedRequestMarkedWithTheDayItWaitedSince_andBooksIt() {
        Lists lists = practiceWithRequestsWaitingSinceEarlierDays();
        String receptionist = data.staff("RECEPTIONIST", List.of(lists.ods()), null);

        try (BrowserContext context = Browser.newContext()) {
            Page page = Browser.signIn(context.newPage(), url("/sign-in"), receptionist, CapacityTestData.PASSWORD);
            page.navigate(url("/safe-working/" + lists.ods() + "/waiting-list?day=" + lists.today()));
            assertThat(page.locator("#waiting tbody tr")).hasCount(4);
            assertThat(page.locator("#waiting caption")).containsText("3 of them carried from earlier days");
            assertThat(page.locator("#waiting-" + lists.fifthBack()))
                    .containsText(
                            "Waiting since " + LISTED_FOR.format(lists.before().get(4)));
            assertThat(page.locator("#waiting-" + lists.todays())).containsText("This day");
            assertThat(page.locator("#waiting-" + lists.sixthBack())).hasCount(0);
            assertThat(page.locator("#waiting-" + lists.undone())).hasCount(0);
            assertThat(page.locator("#waiting-" + lists.bookedBefore())).hasCount(0);
            assertAccessible(page);

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Book today number 1"))
                    .click();
            assertThat(page.locator("#booked-outcome")).hasText("Request " + lists.fifthBack() + " booked with GP 1");
            assertThat(page.locator("#waiting-" + lists.fifthBack())).containsText("Yes, with GP 1 on ");
            assertAccessible(page);

            // An earlier day's online request, judged not genuine, withdrawn from the list it waits on.
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withdraw as not genuine")))
                    .hasCount(1);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withdraw as not genuine number 3"))
                    .click();
            assertThat(page.locator("#withdrawal"))
                    .hasText("Online request " + lists.firstBack() + " was withdrawn as not genuine.");
            assertThat(page.locator("#waiting-" + lists.firstBack())).hasCount(0);
            assertAccessible(page);
        }
        assertThat(jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where served_from = :id and undone_at is null and day = :today
                        """)
                        .param("id", lists.fifthBack())
                        .param("today", Date.valueOf(lists.today()))
                        .query(Integer.class)
                        .single())
                .isOne();
    }

    private static java.time.Instant noon(LocalDate day) {
        return day.atTime(12, 0).atZone(UkTime.ZONE).toInstant();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
