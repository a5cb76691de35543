package org.gpaction.practices;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.practices.PracticeFixtures.areaCode;
import static org.gpaction.practices.PracticeFixtures.practiceCode;
import static org.gpaction.practices.PracticeFixtures.utf8;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gpaction.practices.PracticeFixtures.EpraccurRow;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An administrator in a real browser: every page they pass through is checked for accessibility. */
@GpActionTest
class PracticesJourneyTests {

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void anAdminUploadsAnEpraccurFileSeesWhatItDidThenFindsAndOpensAPractice() {
        open(Browser.newContext());
        String icb = areaCode("Q");
        String code = practiceCode();
        String fileName = "epraccur-" + code + ".csv";
        byte[] file = utf8(new EpraccurRow(code, "MEADOWBANK " + code + " SURGERY", icb, "16C").set(10, "TS18 2AW")
                + "" + new EpraccurRow(practiceCode(), "RIVERSIDE " + code + " SURGERY", icb, "16C")
                + new EpraccurRow(practiceCode(), "OLD MILL " + code + " SURGERY", icb, "16C").set(13, "C"));
        List<Request> uploads = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.method().equals("POST") && request.url().contains("/admin/practices/imports")) {
                uploads.add(request);
            }
        });
        signIn();

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Practices").setExact(true))
                .click();
        assertThat(page).hasTitle("Practices – GP Action");
        assertAccessible(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import practice data"))
                .click();
        assertThat(page).hasTitle("Import practice data – GP Action");
        assertThat(page.locator("#format-hint")).containsText("Import the epraccur file first");
        assertThat(page.locator("#file-hint")).containsText("at most 20 MB");
        assertAccessible(page);

        Response refused = page.waitForResponse(
                answer -> answer.request().method().equals("POST"),
                () -> importButton().click());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(page).hasTitle("Error: Import practice data – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose what the file holds");
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose a CSV file to import");
        // Each format's own words stand under its choice, and the refused page shows them again.
        assertThat(page.locator("#format-epraccur-hint")).containsText("no header row, 27 quoted fields");
        assertThat(page.locator("#format-lmcs-hint")).containsText("Cleveland LMC,16C");
        assertThat(page.locator("#format-list-sizes")).hasAttribute("aria-describedby", "format-list-sizes-hint");
        assertThat(page.locator("fieldset:has(#format-list-sizes)"))
                .hasAttribute("aria-describedby", "format-hint format-error");
        assertThat(page.locator("#format-error")).containsText("Choose what the file holds");
        assertThat(page.locator("#file")).hasAttribute("aria-describedby", "file-hint file-error");
        assertThat(page.locator("#file-error")).containsText("Choose a CSV file to import");
        assertAccessible(page);

        page.getByLabel("GP practices (NHS ODS epraccur file)").check();
        page.getByLabel("Choose the CSV file").setInputFiles(new FilePayload(fileName, "text/csv", file));
        importButton().click();

        Locator banner = page.locator(".govuk-notification-banner");
        assertThat(banner).containsText(fileName + " is imported");
        assertThat(page.locator("#import-counts")).containsText("3 rows read");
        assertThat(page.locator("#import-counts")).containsText("3 created");
        assertThat(page.locator("#import-counts")).containsText("0 skipped");
        Locator latest = page.locator("#history-table tbody tr").first();
        assertThat(latest).containsText(fileName);
        assertThat(latest).containsText(TestAdmin.EMAIL);
        assertThat(latest).containsText("GP practices");
        assertAccessible(page);

        page.getByLabel("GP practices (NHS ODS epraccur file)").check();
        page.getByLabel("Choose the CSV file")
                .setInputFiles(new FilePayload(
                        "broken.csv",
                        "text/csv",
                        utf8(new EpraccurRow(practiceCode(), "BROKEN SURGERY", icb, "16C")
                                .set(13, "Q")
                                .toString())));
        importButton().click();
        assertThat(page).hasTitle("Error: Import practice data – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Nothing was imported");
        assertThat(page.locator("#problems")).containsText("field 13 (status)");
        assertThat(page.locator("#problems")).containsText("\"Q\" is not a status");
        assertThat(page.locator("#file")).hasAttribute("aria-describedby", "file-hint file-error");
        assertThat(page.locator("fieldset:has(#format-list-sizes)")).hasAttribute("aria-describedby", "format-hint");
        assertThat(page.locator("#history-table tbody tr").first()).containsText("broken.csv");
        assertThat(page.locator("#history-table tbody tr").first()).containsText("Refused, nothing changed: 1 problem");
        assertAccessible(page);
        assertThat(uploads)
                .hasSize(3)
                .allSatisfy(request -> assertThat(request.resourceType()).isEqualTo("xhr"));

        page.navigate(url("/practices"));
        page.getByLabel("ICB code").fill(icb);
        page.getByLabel("Status").selectOption("ACTIVE");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("2 practices")))
                .isVisible();
        assertAccessible(page);

        page.getByLabel("Name, ODS code, postcode or town").fill("meadowbank " + code.toLowerCase());
        page.getByLabel("ICB code").fill("");
        page.getByLabel("Status").selectOption("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("MEADOWBANK " + code + " SURGERY"))
                .click();
        assertThat(page.getByRole(
                        AriaRole.HEADING, new Page.GetByRoleOptions().setName("MEADOWBANK " + code + " SURGERY")))
                .isVisible();
        assertThat(page.locator(".govuk-summary-list")).containsText("TS18 2AW");
        assertThat(page.locator(".govuk-summary-list")).containsText(icb);
        assertThat(page.locator(".govuk-summary-list")).containsText("England");
        assertThat(page.locator(".govuk-caption-l")).hasText("ODS code " + code);
        assertAccessible(page);
    }

    @Test
    void withoutTheUploadScriptThePlainFormStillImports() {
        open(Browser.newContext());
        page.route("**/upload-progress.js", route -> route.abort());
        String code = practiceCode();
        String fileName = "plain-" + code + ".csv";
        List<Request> uploads = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.method().equals("POST") && request.url().contains("/admin/practices/imports")) {
                uploads.add(request);
            }
        });
        signIn();
        page.navigate(url("/admin/practices/imports"));

        page.getByLabel("GP practices (NHS ODS epraccur file)").check();
        page.getByLabel("Choose the CSV file")
                .setInputFiles(new FilePayload(
                        fileName,
                        "text/csv",
                        utf8(new EpraccurRow(code, "PLAIN FORM SURGERY", areaCode("Q"), "16C").toString())));
        importButton().click();

        assertThat(page.locator(".govuk-notification-banner")).containsText(fileName + " is imported");
        assertThat(page.locator("#import-counts")).containsText("1 created");
        assertThat(uploads).hasSize(1);
        assertThat(uploads.get(0).resourceType()).isEqualTo("document");
        assertAccessible(page);
    }

    @Test
    void aPracticeThatDoesNotExistIsPageNotFound() {
        open(Browser.newContext());
        signIn();
        page.navigate(url("/practices/" + practiceCode()));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Page not found")))
                .isVisible();
    }

    private void open(BrowserContext browserContext) {
        context = browserContext;
        page = context.newPage();
    }

    private void signIn() {
        page.navigate(url("/sign-in"));
        page.getByLabel("Email address").fill(TestAdmin.EMAIL);
        page.getByLabel("Password").fill(TestAdmin.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.getByText("Signed in as " + TestAdmin.EMAIL)).isVisible();
    }

    private Locator importButton() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import file"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
