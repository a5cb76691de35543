package org.gpaction.notifications;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.gpaction.GpActionApplication;
import org.gpaction.common.OwnerOnly;
import org.gpaction.support.Browser;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application as a person runs it with no SMTP server: its own embedded PostgreSQL and data directory, and
 * mail written as files under the data directory's mail folder.
 */
class FileModeTests {

    static final String ADMIN = "mail.admin@union.test";
    static final String PASSWORD = "harbour violet compass";

    @TempDir
    static Path dataDir;

    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--gpaction.test.shared-database=false",
                        "--gpaction.test.shared-mailbox=false",
                        "--gpaction.data-dir=" + dataDir,
                        "--server.port=0",
                        "--gpaction.mail.from=Ballots – GP Action <ballots@union.test>",
                        "--gpaction.mail.poll-interval=200ms",
                        "--gpaction.bootstrap-admin.email=" + ADMIN,
                        "--gpaction.bootstrap-admin.password=" + PASSWORD);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void eachMessageIsWrittenAsOneParseableUtf8EmlFileInTheMailFolder() throws Exception {
        send(
                new Email("one@file.test", "First — ✓", "Hello Zoë,\nhttps://gp.test/confirm/one", "file-test"),
                new Email("two@file.test", "Second", "Second body", "file-test"),
                new Email("three@file.test", "Third", "Third body", "file-test"));

        Path folder = dataDir.resolve("mail");
        await().atMost(Duration.ofSeconds(60)).until(() -> emlFiles(folder).size() >= 3);
        List<Path> files = emlFiles(folder);
        assertThat(files).hasSize(3);

        MimeMessage first = files.stream()
                .map(FileModeTests::parse)
                .filter(message -> recipient(message).equals("one@file.test"))
                .findFirst()
                .orElseThrow();
        assertThat(first.getSubject()).isEqualTo("First — ✓");
        assertThat(((InternetAddress) first.getFrom()[0]).getPersonal()).isEqualTo("Ballots – GP Action");
        assertThat(((InternetAddress) first.getFrom()[0]).getAddress()).isEqualTo("ballots@union.test");
        assertThat(first.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) first.getContent()).replace("\r\n", "\n"))
                .isEqualTo("Hello Zoë,\nhttps://gp.test/confirm/one");
        assertThat(first.getMessageID()).isNotBlank();
        assertThat(first.getSentDate()).isNotNull();
        assertThat(files.stream().map(FileModeTests::parse).map(FileModeTests::recipient))
                .containsExactlyInAnyOrder("one@file.test", "two@file.test", "three@file.test");
    }

    @Test
    void writtenMailAndTheDataDirectoryCanBeOpenedByTheirOwnerOnly() throws Exception {
        send(new Email("private@file.test", "Your link", "https://gp.test/vote/secret", "file-test"));
        Path folder = dataDir.resolve("mail");
        await().atMost(Duration.ofSeconds(60)).until(() -> !emlFiles(folder).isEmpty());

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(OwnerOnly.DIRECTORY);
        for (Path file : emlFiles(folder)) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(OwnerOnly.FILE);
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("pg-password")))
                .isEqualTo(OwnerOnly.FILE);
    }

    @Test
    void anAdministratorReadsTheWrittenMailAndFollowsItsLink() {
        send(new Email(
                "reader@file.test",
                "Confirm your email address",
                "Open https://gp.test/confirm/abc to confirm.",
                "joining-confirmation"));

        try (BrowserContext context = Browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url("/sign-in"));
            page.getByLabel("Email address").fill(ADMIN);
            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Mail").setExact(true))
                    .click();
            assertThat(page).hasTitle("Sent mail – GP Action");
            assertThat(page.locator(".govuk-warning-text")).containsText("single-use links");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                page.reload();
                assertThat(page.getByRole(
                                AriaRole.LINK, new Page.GetByRoleOptions().setName("Confirm your email address")))
                        .isVisible();
            });
            assertAccessible(page);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Confirm your email address"))
                    .click();
            assertThat(page).hasTitle("Confirm your email address – GP Action");
            assertThat(page.locator(".govuk-summary-list")).containsText("reader@file.test");
            assertThat(page.locator("#mail-body")).hasText("Open https://gp.test/confirm/abc to confirm.");
            assertThat(page.locator("#mail-body a")).hasAttribute("href", "https://gp.test/confirm/abc");
            assertAccessible(page);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to sent mail"))
                    .click();
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Outbox").setExact(true))
                    .click();
            assertThat(page).hasTitle("Outbox – GP Action");
            assertThat(page.locator("#outbox-table")).containsText("reader@file.test");
            assertThat(page.locator("#outbox-table")).not().containsText("confirm/abc");
            assertAccessible(page);
        }
    }

    @Test
    void onlyFilesInTheMailFolderCanBeOpened() {
        Http admin = new Http(port());
        admin.signIn(ADMIN, PASSWORD);
        assertThat(admin.get("/admin/mail/..%2F..%2Fpg%2Fpostgresql.conf").status())
                .as("the firewall refuses encoded slashes")
                .isEqualTo(400);
        assertThat(admin.get("/admin/mail/postgresql.conf").status()).isEqualTo(404);
        assertThat(admin.get("/admin/mail/20240729T100000Z-999999999999.eml").status())
                .isEqualTo(404);
        assertThat(admin.get("/admin/mail/not-a-mail.txt/raw").status()).isEqualTo(404);
    }

    private void send(Email... emails) {
        Outbox outbox = app.getBean(Outbox.class);
        new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            for (Email email : emails) {
                outbox.send(email);
            }
        });
    }

    private static List<Path> emlFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }

    private static MimeMessage parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            message.getContent();
            return message;
        } catch (Exception e) {
            throw new AssertionError("Not a parseable message: " + file, e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(MimeMessage.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int port() {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private String url(String path) {
        return "http://localhost:" + port() + path;
    }
}
