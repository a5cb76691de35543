package org.gpaction.insights;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A visitor reads the pressures on England, opens an ICB and a sub-ICB location, and moves the funding
 * swingometer, with JavaScript and without; an administrator imports a file on the imports page. Every page is
 * checked for accessibility.
 */
@GpActionTest
class PressuresJourneyTests {

    /** Somerset's sub-ICB location and its ICB in the real epraccur file. */
    static final String SOMERSET = "11X";

    static final String SOMERSET_ICB = "QSL";

    @LocalServerPort
    int port;

    BrowserContext visitor;
    BrowserContext visitorWithoutScript;
    BrowserContext admin;

    @BeforeEach
    void importTheRealFiles() {
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        assertThat(api.importPractices("epraccur", "epraccur.csv", realFile("epraccur.csv"))
                        .status())
                .isEqualTo(201);
        for (Http.Response imported : List.of(
                api.importInsights(
                        "payments", "payments-2022-23.csv", "year=2022-23", realFile("payments-2022-23.csv")),
                api.importInsights(
                        "appointments",
                        "appointments-ccg-monthly-somerset.csv",
                        "",
                        realFile("appointments-ccg-monthly-somerset.csv")),
                api.importPractices("list-sizes", "gp-reg-pat-prac-all.csv", realFile("gp-reg-pat-prac-all.csv")))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }
        visitor = Browser.newContext();
        visitorWithoutScript = Browser.newContext(false);
        admin = Browser.newContext();
    }

    @AfterEach
    void closeBrowsers() {
        visitor.close();
        visitorWithoutScript.close();
        admin.close();
    }

    @Test
    void aVisitorReadsEnglandOpensAnIcbAndMovesTheSwingometer() {
        Page page = visitor.newPage();
        page.navigate(url("/pressures"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("England")))
                .isVisible();
        // Other tests add months and extracts to the shared database: the latest figures are whichever came last.
        assertThat(page.locator("#appointments-per-day"))
                .containsText(
                        Pattern.compile("[0-9,]+ in [A-Z][a-z]{2} [0-9]{4} \\([0-9,]+ over [0-9]+ working days\\)"));
        assertThat(page.locator("#registered"))
                .containsText(Pattern.compile("[0-9,]+ at [0-9,]+ practices on [0-9]{1,2} [A-Z][a-z]+ [0-9]{4}"));
        // Only Somerset's appointments (and perhaps another test's location) are imported: England's are not whole.
        assertThat(page.locator("#appointments-coverage"))
                .containsText(Pattern.compile(
                        "These appointment figures are for [0-9] of the [0-9]{3} sub-ICB locations in England"));
        assertThat(page.locator("#appointments-partial")).isVisible();
        assertThat(page.locator("canvas[data-chart-for=appointments-table]")).isVisible();
        assertAccessible(page);

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions()
                                .setName("(" + SOMERSET_ICB + ")")
                                .setExact(false))
                .click();
        assertThat(page).hasURL(url("/pressures/icb/" + SOMERSET_ICB));
        assertThat(page.locator("#appointments-table tbody tr")).hasCount(30);
        assertThat(page.locator("#appointments-coverage")).hasCount(0);
        assertThat(page.locator("#appointments-table tbody tr").first()).containsText("1 of 1");
        assertAccessible(page);

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions()
                                .setName("(" + SOMERSET + ")")
                                .setExact(false))
                .click();
        assertThat(page).hasURL(url("/pressures/sub-icb/" + SOMERSET));
        assertThat(page.locator("#area-name")).containsText("Somerset");
        assertThat(page.locator("#dna-rate")).containsText("%");
        assertAccessible(page);

        page.navigate(url("/pressures/funding"));
        assertThat(page.locator("#offered")).hasText("£109.61");
        assertThat(page.locator("#uplift-shown")).hasText("1.9");
        assertAccessible(page);
        String before = page.locator("#england-shortfall").textContent();
        page.locator("#uplift-slider").fill("6");
        assertThat(page.locator("#offered")).hasText("£114.02");
        assertThat(page.locator("#uplift-shown")).hasText("6");
        assertThat(page.locator("#uplift")).hasValue("6");
        assertThat(page.locator("#england-shortfall")).not().hasText(before);
    }

    @Test
    void theSliderGivesThePoundsTheServerGivesForTheSameUplift() {
        Page page = visitor.newPage();
        page.navigate(url("/pressures/funding?uplift=1.9&practice=A81001"));
        List<String> figures = List.of(
                "#offered",
                "#real",
                "#real-change",
                "#needed",
                "#shortfall",
                "#average-shortfall",
                "#practice-shortfall",
                "#england-shortfall");
        assertThat(page.locator("#england-shortfall")).isVisible();
        List<String> fromServer =
                figures.stream().map(id -> page.locator(id).textContent()).toList();

        page.locator("#uplift-slider").fill("6");
        assertThat(page.locator("#uplift-shown")).hasText("6");
        page.locator("#uplift-slider").fill("1.9");
        assertThat(page.locator("#uplift-shown")).hasText("1.9");

        assertThat(figures.stream().map(id -> page.locator(id).textContent()).toList())
                .as("worked out in the page at the same uplift, with the unrounded CPI ratio")
                .isEqualTo(fromServer);
    }

    @Test
    void anUpliftTypedInTheBoxGivesTheServersPenceWhereTheOfferEndsInHalfAPenny() {
        // 107.57 * 1.5 = 161.355 and 107.57 * 0.5 = 53.785: the server rounds these half up; binary floating point
        // holds them just below the half penny, so rounding the double gave a penny less.
        for (String uplift : List.of("50", "-50")) {
            Page page = visitor.newPage();
            page.navigate(url("/pressures/funding?uplift=" + uplift));
            String fromServer = page.locator("#offered").textContent();
            page.navigate(url("/pressures/funding"));
            page.locator("#uplift").fill(uplift);
            assertThat(page.locator("#uplift-shown")).hasText(uplift);
            assertThat(page.locator("#offered")).hasText(fromServer);
            page.close();
        }
    }

    @Test
    void theSwingometerWorksAsAFormWithoutJavaScriptAndNamesWhatToFix() {
        // The same page is checked with axe in the visitor's journey; axe in this JavaScript-off context hung in
        // page.evaluate after the form was sent (seen twice in full runs), so it is not run here.
        Page page = visitorWithoutScript.newPage();
        page.navigate(url("/pressures/funding"));
        assertThat(page.locator("#slider-group")).isHidden();
        page.getByLabel("Uplift on the 2024/25 global sum (%)").fill("6");
        page.getByLabel("A practice's ODS code (optional)").fill("A81001");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Work it out"))
                .click();
        // The form is sent by the browser itself: let the answer finish loading before axe looks at it.
        page.waitForURL(Pattern.compile(".*uplift=6.*"));
        page.waitForLoadState(LoadState.LOAD);
        assertThat(page.locator("#offered")).hasText("£114.02");
        assertThat(page.locator("#practice-shortfall")).isVisible();

        page.getByLabel("Uplift on the 2024/25 global sum (%)").fill("lots");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Work it out"))
                .click();
        page.waitForURL(Pattern.compile(".*uplift=lots.*"));
        page.waitForLoadState(LoadState.LOAD);
        assertThat(page.locator(".govuk-error-summary")).containsText("is not a percentage");
    }

    @Test
    void anAdministratorImportsAPaymentsYearOnThePageAndSeesItInTheHistory() throws Exception {
        Page page = admin.newPage();
        Browser.signIn(page, url("/sign-in"), TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(url("/admin/insights/imports"));
        assertThat(page.locator("#format-hint")).containsText("Download the CSV files from NHS England");
        assertAccessible(page);

        page.getByLabel("NHS Payments to General Practice (one financial year)").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import file"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose a CSV file");
        assertThat(page.locator("#format")).isChecked();
        assertThat(page.locator("#format-payments-hint")).containsText("enter the year below");
        assertThat(page.locator("#format-workforce-hint")).containsText("TOTAL_GP_EXTGL_FTE");
        assertAccessible(page);

        // A file of another kind is refused, and the history says so as the other import pages do.
        Path wrong = importPayments(page, "2018-19", "list-sizes-as-payments", "gp-reg-pat-prac-all.csv");
        assertThat(page.locator("#problems")).containsText("This looks like the NHS Digital list-size file");
        assertThat(page.getByRole(AriaRole.ROW)
                        .filter(new Locator.FilterOptions()
                                .setHasText(wrong.getFileName().toString())))
                .containsText("Refused, nothing changed: 1 problem. First: line 1, file: This looks like");
        assertAccessible(page);

        Path file = importPayments(page, "2018-19", "payments", "payments-2018-19.csv");
        assertThat(page.locator("#import-counts")).containsText("7,279 rows read");
        assertThat(page.locator("#history-table")).containsText("2018-19");
        assertAccessible(page);

        page.navigate(url("/admin/insights/reference"));
        assertAccessible(page);
        page.getByLabel("Year").fill("2025");
        page.getByLabel("Index").fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the CPI figure"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter the index as a number");
        assertAccessible(page);
        Files.delete(file);
        Files.delete(wrong);
    }

    /** Sends a copy of a real file, under a new name starting {@code prefix}, as a payments year on the page. */
    private static Path importPayments(Page page, String year, String prefix, String copyOf) throws Exception {
        Path file = Files.createTempFile(prefix, ".csv");
        Files.write(file, realFile(copyOf));
        page.getByLabel("NHS Payments to General Practice (one financial year)").check();
        page.getByLabel("Financial year (payments files only)").fill(year);
        page.getByLabel("Choose the CSV file").setInputFiles(file);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import file"))
                .click();
        return file;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
