package org.gpaction.membership;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GpActionTest
class MembershipJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    BrowserContext context;
    Page page;

    @BeforeEach
    void openBrowser() {
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void anAdminImportsTheRollThenChecksAMembersEligibilityAtTheCutOff() {
        String gms = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String apms = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "APMS", null);
        String prefix = "J" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        int gmc = 3000000 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 5000000);
        String csv = MembershipApiTests.HEADER
                + prefix + "1," + gmc + ",Alice,Okafor,alice." + prefix.toLowerCase()
                + "@example.org,ACTIVE,2015-04-01,2015-04-01,CONTRACTOR_PARTNER," + gms + ",2016-01-01,\n"
                + prefix + "2," + (gmc + 1) + ",Bram,Nowak,bram." + prefix.toLowerCase()
                + "@example.org,ACTIVE,2015-04-01,2015-04-01,CONTRACTOR_PARTNER," + apms + ",2016-01-01,\n";

        Browser.signIn(page, "http://localhost:" + port + "/sign-in", TestAdmin.EMAIL, TestAdmin.PASSWORD);

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Members").setExact(true))
                .click();
        assertAccessible(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import the membership file"))
                .click();
        assertAccessible(page);
        // The import page every module shares: its limit stated, a missing file named and linked to.
        assertThat(page.locator("#file-hint")).containsText("at most 100 MB");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        assertThat(page.locator(".govuk-error-summary a[href='#file']")).hasText("Choose a CSV file to import");
        assertThat(page.locator("#file-error")).containsText("Choose a CSV file to import");
        assertAccessible(page);

        page.getByLabel("Membership file")
                .setInputFiles(new FilePayload(
                        "broken.csv",
                        "text/csv",
                        (MembershipApiTests.HEADER + prefix
                                        + "9,123,X,Y,not-an-email,ACTIVE,2015-04-01,2015-04-01,,,,\n")
                                .getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("Nothing was imported");
        assertThat(page.locator("#problems")).containsText("gmc_number");
        assertThat(page.locator("#problems")).containsText("A GMC number is 7 digits");
        assertAccessible(page);

        page.getByLabel("Membership file")
                .setInputFiles(new FilePayload(
                        "gp-reg-pat-prac-all.csv",
                        "text/csv",
                        ("PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
                                        + "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84002,NE65 7UW,ALL,ALL,5903\n")
                                .getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        assertThat(page.locator("#problems tbody tr")).hasCount(1);
        assertThat(page.locator("#problems"))
                .containsText("This looks like the NHS Digital list-size file (Patients Registered at a GP Practice), "
                        + "not a membership file");
        assertThat(page.locator("#history-table tbody tr").first()).containsText("gp-reg-pat-prac-all.csv");
        assertThat(page.locator("#history-table tbody tr").first()).containsText("Refused");
        assertAccessible(page);

        page.getByLabel("Membership file")
                .setInputFiles(new FilePayload("members.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        assertThat(page.locator("#import-result")).containsText("2 members created");
        // Shown at its own address after the import, so reloading the page never sends the file again.
        assertThat(page).hasURL(Pattern.compile(".*/admin/members/import\\?imported=[0-9]+$"));
        assertThat(page.locator("#history-table tbody tr").first()).containsText("members.csv");
        assertThat(page.locator("#history-table tbody tr").first()).containsText("Imported: 2 created");
        assertAccessible(page);

        page.navigate("http://localhost:" + port + "/members?q=" + prefix + "2");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Bram Nowak"))
                .click();
        page.getByLabel("Electorate").selectOption("GP_PARTNERS_ENGLAND");
        page.getByLabel("Day (for example the roll cut-off, 2024-07-23)").fill("2024-07-23");
        page.getByLabel("Time, UK time (24-hour clock)").fill("23:59");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check eligibility"))
                .click();
        assertThat(page.locator("#eligibility-result")).containsText("Not eligible");
        assertThat(page.locator(".govuk-inset-text")).containsText("APMS contract");
        assertAccessible(page);

        // A day the check cannot read is named, and the electorate chosen stays chosen for the check sent again.
        page.getByLabel("Electorate").selectOption("GP_MEMBERS_ENGLAND");
        page.getByLabel("Day (for example the roll cut-off, 2024-07-23)").fill("23/07/2024");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check eligibility"))
                .click();
        assertThat(page.locator(".govuk-error-summary a[href='#day']")).containsText("Enter the day as 2024-07-23");
        assertThat(page.locator("#day-error")).containsText("Enter the day as 2024-07-23");
        assertThat(page.getByLabel("Electorate")).hasValue("GP_MEMBERS_ENGLAND");
        assertThat(page.locator("#eligibility-result")).hasCount(0);
        assertAccessible(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to members"))
                .click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log"))
                .click();
        assertThat(page.locator("table")).containsText(prefix + "2");
        assertAccessible(page);
    }
}
