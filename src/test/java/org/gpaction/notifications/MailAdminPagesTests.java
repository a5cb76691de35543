package org.gpaction.notifications;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The mail pages with an SMTP server configured: administrators only, and never a message body. */
@GpActionTest
class MailAdminPagesTests {

    static final List<String> PAGES = List.of("/admin/mail", "/admin/outbox");

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void otherStaffAreRefusedAndVisitorsAreSentToSignIn() {
        for (String role : List.of("PRACTICE_MANAGER", "RECEPTIONIST", "SCRUTINEER")) {
            String email = TestMailbox.uniqueAddress(role.toLowerCase());
            List<String> practices = role.equals("SCRUTINEER") ? List.of() : List.of(TestPractices.add(jdbc));
            staffAccounts.create(
                    new CreateStaffCommand(email, "quartz meadow lantern", role, practices, null),
                    TestAdmin.id(staffAccounts),
                    "test");
            Http staff = new Http(port);
            staff.signIn(email, "quartz meadow lantern");
            for (String page : PAGES) {
                assertThat(staff.get(page).status()).as(role + " " + page).isEqualTo(403);
            }
        }
        Http visitor = new Http(port);
        for (String page : PAGES) {
            Http.Response response = visitor.get(page);
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("location")).endsWith("/sign-in");
        }
    }

    @Test
    void theOutboxShowsWhoWasSentWhatKindOfMessageButNeverWhatItSaid() {
        String to = TestMailbox.uniqueAddress("outbox-page");
        new TransactionTemplate(transactionManager)
                .executeWithoutResult(status -> outbox.send(new Email(
                        to, "Your voting link", "Vote here: https://gpaction.test/vote/do-not-show", "ballot-link")));
        TestMailbox.awaitMessageTo(to);

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = admin.get("/admin/outbox");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(to)
                .contains("Your voting link")
                .contains("ballot-link")
                .contains("SMTP server at")
                .contains("127.0.0.1:")
                .doesNotContain("do-not-show");
        Http.Response sentMail = admin.get("/admin/mail");
        assertThat(sentMail.body()).contains("keeps no copy").doesNotContain("do-not-show");
        assertThat(admin.get("/admin/mail/20240729T100000Z-000000000001.eml").status())
                .as("no files to open when mail goes through SMTP")
                .isEqualTo(404);
    }

    @Test
    void theOutboxSaysOnWhichDayAndTimeAMessageWasSent_andAtMidnightAtTheStartOfADay() {
        String to = TestMailbox.uniqueAddress("outbox-sent-when");
        new TransactionTemplate(transactionManager)
                .executeWithoutResult(status -> outbox.send(new Email(to, "Sent when", "Body", "test")));
        TestMailbox.awaitMessageTo(to);
        org.awaitility.Awaitility.await()
                .atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select status from notifications.outbox where recipient = :to")
                        .param("to", to)
                        .query(String.class)
                        .single()
                        .equals("SENT"));
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        // 15:00 and 00:00 on 29 July 2024, UK summer time.
        sentAt(to, "2024-07-29T14:00:00Z");
        assertThat(outboxRow(admin, to)).contains("Sent on 29 July 2024 at 3:00pm");
        sentAt(to, "2024-07-28T23:00:00Z");
        assertThat(outboxRow(admin, to)).contains("Sent at midnight at the start of 29 July 2024");
    }

    private void sentAt(String to, String at) {
        jdbc.sql("update notifications.outbox set sent_at = :at where recipient = :to")
                .param("at", java.sql.Timestamp.from(java.time.Instant.parse(at)))
                .param("to", to)
                .update();
    }

    private static String outboxRow(Http admin, String to) {
        String page = admin.get("/admin/outbox").body();
        int at = page.indexOf(">" + to + "<");
        assertThat(at).as("the message is listed").isPositive();
        return page.substring(at, page.indexOf("</tr>", at)).replaceAll("\\s+", " ");
    }

    @Test
    void anAdministratorFindsTheMailPagesFromTheMenuAndTheyAreAccessible() {
        try (BrowserContext context = Browser.newContext()) {
            Page page = context.newPage();
            page.navigate("http://localhost:" + port + "/sign-in");
            page.getByLabel("Email address").fill(TestAdmin.EMAIL);
            page.getByLabel("Password").fill(TestAdmin.PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();

            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Mail").setExact(true))
                    .click();
            assertThat(page).hasTitle("Sent mail – GP Action");
            assertAccessible(page);

            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Outbox").setExact(true))
                    .click();
            assertThat(page).hasTitle("Outbox – GP Action");
            assertAccessible(page);
        }
    }
}
