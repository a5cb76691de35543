package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The set-up page over a set-up saved through the API, in a browser without JavaScript: each place's opening hours
 * are shown day by day and survive a save of the page unchanged, a place open around the clock says so, and hours the
 * page cannot save are named with the place and the day and change nothing.
 */
@GpActionTest
class SetupPageTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Map<String, Object> WEEKDAYS_LATE_SATURDAY_MORNING = hours(
            "MONDAY",
            "08:00",
            "20:00",
            "TUESDAY",
            "08:00",
            "20:00",
            "WEDNESDAY",
            "08:00",
            "20:00",
            "THURSDAY",
            "08:00",
            "20:00",
            "FRIDAY",
            "08:00",
            "20:00",
            "SATURDAY",
            "09:00",
            "13:00");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    String ods;
    String managerToken;
    String managerEmail;
    BrowserContext withScript;
    BrowserContext withoutScript;

    @BeforeEach
    void aPharmacyOpenLongerOnWeekdaysThanOnSaturdaySavedThroughTheApi() {
        api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        Map<String, Object> setup = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        setup.put(
                "signposts",
                List.of(
                        place("Riverside Pharmacy", "PHARMACY", WEEKDAYS_LATE_SATURDAY_MORNING),
                        place(
                                "Riverside UTC",
                                "URGENT_TREATMENT_CENTRE",
                                hours("MONDAY", "07:30", "22:00", "SUNDAY", "10:00", "16:15:30")),
                        place("NHS 111", "NHS_111", Map.of())));
        SafeWorkingPractice practice = data.practiceSetUpWith(setup);
        ods = practice.ods();
        managerToken = practice.managerToken();
        managerEmail = practice.managerEmail();
        withScript = signedIn(Browser.newContext(), managerEmail);
        // axe needs JavaScript, so the pages are checked with it; the saving is done without it.
        withoutScript = signedIn(Browser.newContext(false), managerEmail);
    }

    @AfterEach
    void closeBrowsers() {
        withScript.close();
        withoutScript.close();
    }

    @Test
    void savingThePageUnchangedLeavesEachPlacesHoursExactlyAsTheyWere() {
        JsonNode before = signposts();
        Page page = setupPage(withoutScript);

        save(page);

        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        JsonNode after = signposts();
        assertThat(after.get(0).get("hours")).isEqualTo(json(WEEKDAYS_LATE_SATURDAY_MORNING));
        assertThat(after).isEqualTo(before);
        assertThat(after.get(2).get("hours").isEmpty())
                .as("NHS 111 stays open around the clock")
                .isTrue();
    }

    @Test
    void eachPlaceShowsItsTimesDayByDayOrThatItIsOpenAroundTheClock() {
        Page page = setupPage(withScript);
        assertThat(page.locator("#s0-open-times")).isChecked();
        assertThat(page.locator("#s0-hours-FRIDAY-opens")).hasValue("08:00");
        assertThat(page.locator("#s0-hours-FRIDAY-closes")).hasValue("20:00");
        assertThat(page.locator("#s0-hours-SATURDAY-opens")).hasValue("09:00");
        assertThat(page.locator("#s0-hours-SATURDAY-closes")).hasValue("13:00");
        assertThat(page.locator("#s0-hours-SUNDAY-opens")).hasValue("");
        assertThat(page.locator("#s0-hours-SUNDAY-closes")).hasValue("");
        assertThat(page.locator("#s1-hours-SUNDAY-closes")).hasValue("16:15:30");
        assertThat(page.locator("#s2-open")).isChecked();
        assertThat(page.getByLabel("Place 1 opens on Saturday")).hasValue("09:00");
        assertAccessible(page);
    }

    @Test
    void theFrontDoorsModeSaysWhoChoseItAndWhen() {
        Map<String, Object> chosen = jdbc.sql("""
                        select when_full_chosen_by, when_full_chosen_at from capacity.practice_setup
                        where ods_code = :ods
                        """).param("ods", ods).query().singleRow();
        Instant at = ((java.sql.Timestamp) chosen.get("when_full_chosen_at")).toInstant();
        Page page = setupPage(withoutScript);
        assertThat(page.locator("body").innerText())
                .contains("Chosen by " + chosen.get("when_full_chosen_by") + " " + UkTime.onOrAt(at) + ".");
    }

    /** The evidence counts a past day with what was in force then, so a save on the page keeps it as the API's does. */
    @Test
    void aChoiceOfWhatTheFrontDoorDoesWhenFullSavedOnThePageIsKeptAsInForceFromThen() {
        Page page = setupPage(withoutScript);
        page.locator("#whenFull").check();

        save(page);

        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        assertThat(whenFullKept())
                .as("the page's save kept the choice in force from then (the API's set the practice up to close)")
                .last()
                .isEqualTo("STAY_OPEN_SIGNPOST");
    }

    @Test
    void aPlaceAddedOnThePageOpensOnlyOnTheDaysGivenTimes() {
        Page page = setupPage(withoutScript);
        page.locator("#s3-name").fill("Late Night Chemist");
        page.locator("#s3-kind").selectOption("PHARMACY");
        page.locator("#s3-open-times").check();
        page.locator("#s3-hours-FRIDAY-opens").fill("18:00");
        page.locator("#s3-hours-FRIDAY-closes").fill("23:30");
        page.locator("#s3-hours-SATURDAY-opens").fill("10:00");
        page.locator("#s3-hours-SATURDAY-closes").fill("23:30");

        save(page);

        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        assertThat(signposts().get(3).get("name").asString()).isEqualTo("Late Night Chemist");
        assertThat(signposts().get(3).get("hours"))
                .isEqualTo(json(hours("FRIDAY", "18:00", "23:30", "SATURDAY", "10:00", "23:30")));
    }

    @Test
    void hoursThePageCannotSaveAreNamedWithThePlaceAndTheDayAndChangeNothing() {
        refused(
                page -> page.locator("#s0-hours-SATURDAY-closes").fill(""),
                "Give the time Riverside Pharmacy closes on Saturday, or leave both times empty if it is closed that"
                        + " day",
                "#s0-hours-SATURDAY-closes");
        refused(
                page -> page.locator("#s1-hours-SUNDAY-opens").fill(""),
                "Give the time Riverside UTC opens on Sunday, or leave both times empty if it is closed that day",
                "#s1-hours-SUNDAY-opens");
        refused(
                page -> page.locator("#s1-hours-MONDAY-opens").fill("half seven"),
                "Give the time Riverside UTC opens on Monday as hh:mm on the 24-hour clock, for example 08:00",
                "#s1-hours-MONDAY-opens");
        refused(
                page -> page.locator("#s1-hours-MONDAY-opens").fill("24:00"),
                "24:00 is only a closing time, the end of the day: give the time Riverside UTC opens on Monday from"
                        + " 00:00 to 23:59",
                "#s1-hours-MONDAY-opens");
        refused(
                page -> page.locator("#hours-TUESDAY-closes").fill("24:00"),
                "On Tuesday the core hours must close by 23:59, as the practice's day ends at midnight: 24:00 is taken"
                        + " only as the time a place to send patients closes",
                "#hours-TUESDAY-closes");
        refused(
                page -> page.locator("#s0-open").check(),
                "Riverside Pharmacy is marked open around the clock but has times for Monday: empty its times, or"
                        + " choose that it opens at the times given",
                "#s0-open");
        refused(
                page -> page.locator("#s2-open-times").check(),
                "Give the times NHS 111 opens on at least one day, or choose that it is open around the clock",
                "#s2-hours-MONDAY-opens");
        refused(
                page -> page.locator("#s3-name").fill("Walk-in Centre"),
                "Say when Walk-in Centre is open: around the clock, or at the times given for each day",
                "#s3-open");
        refused(
                page -> page.locator("#urgentReserve").fill("four"),
                "The urgent reserve must be a whole number of contacts, 0 or more",
                "#urgentReserve");
        refused(
                page -> {
                    page.locator("#s0-name").fill("");
                    page.locator("#s1-hours-SUNDAY-closes").fill("");
                },
                "Give the time Riverside UTC closes on Sunday, or leave both times empty if it is closed that day",
                "#s1-hours-SUNDAY-closes");

        Page page = setupPage(withScript);
        page.locator("#s0-hours-SATURDAY-closes").fill("");
        save(page);
        assertThat(page.locator(".govuk-error-summary")).isVisible();
        assertAccessible(page);
    }

    @Test
    void anIcbAgreedDateBeyondAnyFiguresIsRefusedWithTheRangeInWords() {
        refused(
                page -> page.locator("#icbAgreedClosureOn").fill("2100-01-01"),
                "Give a date from 1 January 2000 to 31 December 2099",
                "#icbAgreedClosureOn");
    }

    @Test
    void aNulInAPlacesNameIsNamedAgainstItAndChangesNothing() {
        refused(
                page -> page.locator("#s1-name").fill("Riverside\u0000UTC"),
                "The name of place 2 must be text on one line, without tabs or control characters",
                "#s1-name");
    }

    @Test
    void aClinicianBelowARowLeftEmptyIsNamedAsThePageTitlesItsBox() {
        refused(
                page -> {
                    page.locator("#c2-label").fill("GP 3");
                    page.locator("#c2-cap").fill("30");
                },
                "Clinician 3's daily cap must be a whole number from 0 to 25",
                "#c2-cap");
    }

    @Test
    void aPlaceBelowARowEmptiedIsNamedAsThePageTitlesItsBox() {
        refused(
                page -> {
                    page.locator("#s0-name").fill("");
                    page.locator("#s1-phone").fill("ring the desk");
                },
                "The phone number of place 2 must be 3 to 30 digits",
                "#s1-phone");
    }

    /**
     * GP 1 at 25 with a reserve of 22, saved before the menu lowered action 1's limit to 20: GP 1 takes at most 20 a day,
     * so the reserve leaves no day room for routine need. The page saved unchanged is refused beside the reserve's box,
     * saying the reserve saved before the limit fell no longer fits and what to do, and nothing is saved.
     */
    @Test
    void aReserveSavedBeforeTheLimitFellIsRefusedWithThePageUnchanged_namingTheFix_andNothingIsSaved() {
        Map<String, Object> setup = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 22);
        assertThat(api.putJson("/api/practices/" + ods + "/capacity/settings", setup, managerToken)
                        .status())
                .isEqualTo(200);
        int before = jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
        int next = org.gpaction.actions.TestMenus.publishAgain(jdbc, before);
        try {
            jdbc.sql("update actions.menu_action set daily_contact_limit = 20 where version = :next and number = 1")
                    .param("next", next)
                    .update();
            long version = version();
            Page page = setupPage(withoutScript);
            try {
                save(page);
                assertThat(page.locator(".govuk-error-summary"))
                        .containsText("GP 1's cap of 25 is held to 20, the daily contact limit of action 1");
                assertThat(page.locator(".govuk-error-summary"))
                        .containsText("; the reserve of 22 saved before the limit fell no longer fits, so lower the"
                                + " reserve below 20 or add a clinician who works on Mondays");
                assertThat(page.locator(".govuk-error-summary a")).hasAttribute("href", "#urgentReserve");
                assertThat(page.locator("#urgentReserve-error")).containsText("Monday's caps come to 20");
            } finally {
                page.close();
            }
            assertThat(version()).as("nothing was saved").isEqualTo(version);
            JsonNode saved = api.get("/api/practices/" + ods + "/capacity/settings", managerToken)
                    .json();
            assertThat(saved.get("urgentReserve").asInt()).isEqualTo(22);
            assertThat(saved.get("clinicians").get(0).get("dailyCap").asInt()).isEqualTo(25);
        } finally {
            jdbc.sql("delete from actions.menu_version where version > :before")
                    .param("before", before)
                    .update();
        }
    }

    @Test
    void aReserveLeavingNoDayRoomForRoutineNeedIsNamedBesideItsBox_andNothingIsSaved() {
        String message =
                "The urgent reserve (25) must be less than the clinicians' caps come to on their busiest working day,"
                        + " or no day has room for routine need: Monday's caps come to 25, so lower the reserve or raise"
                        + " Monday's caps above 25";
        refused(page -> page.locator("#urgentReserve").fill("25"), message, "#urgentReserve", page -> {
            beside(page, "urgentReserve", message);
            assertThat(page.locator("#urgentReserve")).hasValue("25");
        });
    }

    @Test
    void aPlaceNamedAsAnotherIsNamedBesideItsBox_andNothingIsSaved() {
        refused(
                page -> page.locator("#s1-name").fill("riverside pharmacy "),
                "Places 1 and 2 are both named Riverside Pharmacy: give each place its own name",
                "#s1-name");
    }

    @Test
    void aDailyCapClearedIsRefusedNamingTheClinician_notSavedAsTwentyFive() {
        refused(
                page -> {
                    page.locator("#c0-cap").fill("");
                    page.locator("#urgentReserve").fill("3");
                },
                "Enter GP 1's daily cap, a whole number from 0 to 25",
                "#c0-cap",
                page -> {
                    assertThat(page.locator("#c0-cap")).hasValue("");
                    assertThat(page.locator("#urgentReserve")).hasValue("3");
                });
        org.assertj.core.api.Assertions.assertThat(api.get("/api/practices/" + ods + "/capacity/settings", managerToken)
                        .json()
                        .get("urgentReserve")
                        .asInt())
                .isZero();
    }

    /**
     * A cleared cap is not 25, so the reserve is not weighed against it: it would be named beside the cap with a busiest
     * day's caps taking the cleared cap as 25 (and missed for a reserve under 25 whatever the cap was meant to be).
     */
    @Test
    void aReserveIsNotWeighedAgainstACapCleared_onlyTheCapIsNamed() {
        refused(
                page -> {
                    page.locator("#c0-cap").fill("");
                    page.locator("#urgentReserve").fill("30");
                },
                "Enter GP 1's daily cap, a whole number from 0 to 25",
                "#c0-cap",
                page -> assertThat(page.locator("#urgentReserve")).hasValue("30"));
    }

    /**
     * A set-up saved before a reserve had to leave the busiest day room and places had to be named apart (put here
     * straight into the table, as such a set-up was saved then) still opens on the page; saved unchanged it is refused,
     * each mistake beside its box, and once both are corrected it saves.
     */
    @Test
    void aSetUpSavedUnderTheOldRulesOpens_isRefusedNamingEachFieldWhenSavedUnchanged_andSavesOnceCorrected() {
        jdbc.sql("""
                        update capacity.practice_setup
                           set urgent_reserve = 25,
                               signposts = jsonb_set(signposts, '{1,name}', '"Riverside Pharmacy"')
                         where ods_code = :ods
                        """).param("ods", ods).update();
        long before = version();
        Page page = setupPage(withoutScript);
        assertThat(page.locator("#urgentReserve")).hasValue("25");
        assertThat(page.locator("#s1-name")).hasValue("Riverside Pharmacy");

        save(page);

        beside(
                page,
                "urgentReserve",
                "The urgent reserve (25) must be less than the clinicians' caps come to on their busiest working day,"
                        + " or no day has room for routine need: Monday's caps come to 25, so lower the reserve or raise"
                        + " Monday's caps above 25");
        beside(page, "s1-name", "Places 1 and 2 are both named Riverside Pharmacy: give each place its own name");
        org.assertj.core.api.Assertions.assertThat(version())
                .as("nothing was saved")
                .isEqualTo(before);

        page.locator("#urgentReserve").fill("24");
        page.locator("#s1-name").fill("Riverside UTC");
        save(page);

        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        JsonNode saved = api.get("/api/practices/" + ods + "/capacity/settings", managerToken)
                .json();
        org.assertj.core.api.Assertions.assertThat(saved.get("urgentReserve").asInt())
                .isEqualTo(24);
        org.assertj.core.api.Assertions.assertThat(
                        saved.get("signposts").get(1).get("name").asString())
                .isEqualTo("Riverside UTC");
    }

    @Test
    void aBadCapAndABadHoursRowAreEachNamedBesideTheirBox_andTheSummaryLinkFocusesIt() {
        Page page = setupPage(withScript);
        page.locator("#c0-cap").fill("30");
        page.locator("#hours-TUESDAY-opens").fill("08:00");
        page.locator("#hours-TUESDAY-closes").fill("07:00");

        save(page);

        String cap = "Clinician 1's daily cap must be a whole number from 0 to 25, the daily contact limit of action 1"
                + " on the action menu in force (" + menuInForce() + ")";
        String tuesday = "On Tuesday the closing time must be after the opening time";
        beside(page, "c0-cap", cap);
        beside(page, "hours-TUESDAY-closes", tuesday);
        assertThat(page.locator(".govuk-error-message")).hasCount(2);
        assertAccessible(page);

        page.locator(".govuk-error-summary a")
                .filter(new Locator.FilterOptions().setHasText(tuesday))
                .click();
        assertThat(page.locator("#hours-TUESDAY-closes")).isFocused();
        page.locator(".govuk-error-summary a")
                .filter(new Locator.FilterOptions().setHasText(cap))
                .click();
        assertThat(page.locator("#c0-cap")).isFocused();
    }

    /** An id that is no number at all, and one that is a number too big to be any id the page could have written. */
    @ParameterizedTest
    @ValueSource(strings = {"12abc", "99999999999999999999"})
    void aClinicianIdThePageDidNotGiveIsRefusedNamingItsRow_andChangesNothing(String tampered) {
        long before = version();
        Page page = setupPage(withScript);
        page.locator("#c1-label").fill("GP 2");
        page.locator("input[name='c0.id']").evaluate("(input, id) => input.value = id", tampered);
        page.locator("#urgentReserve").fill("3");

        com.microsoft.playwright.Response refused =
                page.waitForResponse(response -> response.request().method().equals("POST"), () -> save(page));

        org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(400);
        assertThat(page.locator("main"))
                .containsText("Clinician 1's row was sent with an id this page did not give, so nothing was saved:"
                        + " open the set-up page again and make your changes there");
        org.assertj.core.api.Assertions.assertThat(version())
                .as("nothing was saved")
                .isEqualTo(before);
    }

    @Test
    void aClinicianWhoseIdIsBeyondTwoToTheThirtyFirstKeepsItWhenThePageIsSaved() {
        // Later ids only, so clinicians made after it by any test never meet ids made before.
        jdbc.sql("""
                        select setval(pg_get_serial_sequence('capacity.clinician', 'id'),
                                      greatest(3000000000, (select max(id) from capacity.clinician)))
                        """).query(Long.class).single();
        Page page = setupPage(withoutScript);
        page.locator("#c1-label").fill("GP 2");
        page.locator("#c1-cap").fill("20");
        save(page);
        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        List<Long> ids = api
                .get("/api/practices/" + ods + "/capacity/settings", managerToken)
                .json()
                .get("clinicians")
                .findValues("id")
                .stream()
                .map(JsonNode::asLong)
                .toList();
        org.assertj.core.api.Assertions.assertThat(ids.get(1)).isGreaterThan(Integer.MAX_VALUE);

        page.locator("#c1-cap").fill("12");
        save(page);

        assertThat(page.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        JsonNode clinicians = api.get("/api/practices/" + ods + "/capacity/settings", managerToken)
                .json()
                .get("clinicians");
        org.assertj.core.api.Assertions.assertThat(
                        clinicians.findValues("id").stream().map(JsonNode::asLong))
                .as("the same two clinicians")
                .containsExactlyElementsOf(ids);
        org.assertj.core.api.Assertions.assertThat(
                        clinicians.findValues("dailyCap").stream().map(JsonNode::asInt))
                .containsExactly(25, 12);
    }

    @Test
    void savingAPageOpenedBeforeSomeoneElseSavedShowsWhatWasTypedAndSavingItAgainOverwritesTheirChange() {
        Page first = setupPage(withoutScript);
        Page second = setupPage(withoutScript);
        second.locator("#c1-label").fill("Dr Locum");
        second.locator("#c1-cap").fill("12");
        save(second);
        assertThat(second.locator(".govuk-notification-banner")).containsText("The set-up is saved");

        first.locator("#c0-label").fill("GP 1 (mornings)");
        first.locator("#hours-MONDAY-opens").fill("07:00");
        first.locator("#urgentReserve").fill("3");
        first.locator("#s0-phone").fill("01234 000111");
        com.microsoft.playwright.Response refused =
                first.waitForResponse(response -> response.request().method().equals("POST"), () -> save(first));

        org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(409);
        assertThat(first.locator(".govuk-error-summary"))
                .containsText(" (UK time) by " + managerEmail + " after you opened this page, so nothing was saved."
                        + " What you typed is below: check it, as saving it again will overwrite that change");
        // The summary links to the top of the form, as what to check is all of it, not the first clinician's label.
        assertThat(first.locator(".govuk-error-summary a")).hasAttribute("href", "#set-up");
        assertThat(first.locator("form#set-up")).hasCount(1);
        assertThat(first.locator(".govuk-form-group--error")).hasCount(0);
        // The page shows what was typed, not the set-up as it is now.
        assertThat(first.locator("#c0-label")).hasValue("GP 1 (mornings)");
        assertThat(first.locator("#c1-label")).hasValue("");
        assertThat(first.locator("#hours-MONDAY-opens")).hasValue("07:00");
        assertThat(first.locator("#urgentReserve")).hasValue("3");
        assertThat(first.locator("#s0-phone")).hasValue("01234 000111");
        assertThat(first.locator("input[name=version]")).hasValue(String.valueOf(version()));
        Http.Response settings = api.get("/api/practices/" + ods + "/capacity/settings", managerToken);
        org.assertj.core.api.Assertions.assertThat(
                        settings.json().get("clinicians").findValuesAsString("label"))
                .as("nothing was saved")
                .containsExactly("GP 1", "Dr Locum");
        org.assertj.core.api.Assertions.assertThat(
                        settings.json().get("urgentReserve").asInt())
                .isZero();

        save(first);

        assertThat(first.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        assertThat(first.locator("#hours-MONDAY-opens")).hasValue("07:00");
        Http.Response overwritten = api.get("/api/practices/" + ods + "/capacity/settings", managerToken);
        org.assertj.core.api.Assertions.assertThat(
                        overwritten.json().get("clinicians").findValuesAsString("label"))
                .as("saved again, it overwrote the change")
                .containsExactly("GP 1 (mornings)");
        org.assertj.core.api.Assertions.assertThat(
                        overwritten.json().get("urgentReserve").asInt())
                .isEqualTo(3);
        org.assertj.core.api.Assertions.assertThat(
                        overwritten.json().get("signposts").values())
                .filteredOn(place -> place.get("name").asString().equals("Riverside Pharmacy"))
                .singleElement()
                .returns("01234 000111", place -> place.get("phone").asString());
    }

    /**
     * Makes one mistake on the page without JavaScript and saves: the error summary names it alone and links to the
     * input to correct, and the set-up is as it was.
     */
    private void refused(Consumer<Page> mistake, String message, String input) {
        refused(mistake, message, input, page -> {});
    }

    /** As {@link #refused(Consumer, String, String)}, then checks the page the refusal answered. */
    private void refused(Consumer<Page> mistake, String message, String input, Consumer<Page> andThePage) {
        JsonNode before = signposts();
        long version = version();
        Page page = setupPage(withoutScript);
        mistake.accept(page);
        save(page);
        assertThat(page.locator(".govuk-error-summary")).containsText(message);
        assertThat(page.locator(".govuk-error-summary a")).hasCount(1);
        assertThat(page.locator(".govuk-error-summary a")).hasAttribute("href", input);
        assertThat(page.locator(input)).hasCount(1);
        andThePage.accept(page);
        assertThat(signposts()).as(message + ": nothing changed").isEqualTo(before);
        org.assertj.core.api.Assertions.assertThat(version())
                .as(message + ": nothing was saved")
                .isEqualTo(version);
        page.close();
    }

    /** "version 2, published 2 September 2024": the version of the menu in force and its day. */
    private String menuInForce() {
        return jdbc.sql("""
                        select version, published_on from actions.menu_version
                        where status = 'PUBLISHED' order by version desc limit 1
                        """)
                .query((rs, row) -> "version " + rs.getInt("version") + ", published "
                        + org.gpaction.common.UkTime.day(
                                rs.getDate("published_on").toLocalDate()))
                .single();
    }

    /**
     * The mistake is beside its box as GOV.UK shows it: in the box's form group marked in error, above the box, which
     * is marked in error and described by it.
     */
    private static void beside(Page page, String id, String message) {
        Locator group = page.locator(".govuk-form-group--error")
                .filter(new Locator.FilterOptions().setHas(page.locator("#" + id)));
        assertThat(group).hasCount(1);
        assertThat(group.locator("#" + id + "-error")).hasText("Error: " + message);
        assertThat(page.locator("#" + id)).hasClass(java.util.regex.Pattern.compile(".*govuk-input--error.*"));
        assertThat(page.locator("#" + id))
                .hasAttribute("aria-describedby", java.util.regex.Pattern.compile(".*\\b" + id + "-error\\b.*"));
        assertThat(page.locator(".govuk-error-summary a[href='#" + id + "']")).hasText(message);
    }

    private BrowserContext signedIn(BrowserContext context, String email) {
        Page page = Browser.signIn(context.newPage(), url("/sign-in"), email, CapacityTestData.PASSWORD);
        page.waitForURL(url -> !url.endsWith("/sign-in"));
        page.close();
        return context;
    }

    private Page setupPage(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(url("/safe-working/" + ods + "/setup"));
        assertThat(page.locator("h1")).hasText("Safe working set-up");
        return page;
    }

    private static void save(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the set-up"))
                .click();
    }

    private long version() {
        return jdbc.sql("select version from capacity.practice_setup where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }

    /** The front-door choices kept as in force for the practice, in order. */
    private List<String> whenFullKept() {
        return jdbc.sql("select when_full from capacity.setup_in_force where ods_code = :ods order by in_force_from")
                .param("ods", ods)
                .query(String.class)
                .list();
    }

    private JsonNode signposts() {
        Http.Response settings = api.get("/api/practices/" + ods + "/capacity/settings", managerToken);
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        return settings.json().get("signposts");
    }

    private static Map<String, Object> place(String name, String kind, Map<String, Object> hours) {
        Map<String, Object> place = new LinkedHashMap<>();
        place.put("name", name);
        place.put("kind", kind);
        place.put("address", "1 River Road");
        place.put("phone", "01234 567890");
        place.put("hours", hours);
        return place;
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    /** Day, opens, closes, day, opens, closes… */
    private static Map<String, Object> hours(String... dayOpensCloses) {
        Map<String, Object> hours = new LinkedHashMap<>();
        for (int i = 0; i < dayOpensCloses.length; i += 3) {
            hours.put(dayOpensCloses[i], Map.of("opens", dayOpensCloses[i + 1], "closes", dayOpensCloses[i + 2]));
        }
        return hours;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
