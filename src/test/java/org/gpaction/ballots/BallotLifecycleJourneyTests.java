package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gpaction.ballots.crypto.CryptoCommands;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A ballot from creation to the voter's receipt check, in a real browser, on a database of its own so that the
 * roll is exactly the members made here, with a clock the test moves on to reach the opening and the close.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.test.shared-mailbox=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.ballots.tick=PT0.2S",
            "gpaction.ballots.unknown-receipts-per-address=3"
        })
@Import(BallotLifecycleJourneyTests.Clocks.class)
class BallotLifecycleJourneyTests {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovingClock movingClock() {
            return new MovingClock();
        }
    }

    static Path dataDir;

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("gpaction-lifecycle-");
        registry.add("gpaction.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    Page page;

    @Test
    void aBallotIsCreatedScheduledVotedInClosedReportedPublishedAndAReceiptChecked() throws Exception {
        practices();
        BallotFixtures.addMembers(jdbc, "N", 2_000_000, 3, "CONTRACTOR_PARTNER", "N00001", "north.test");
        BallotFixtures.addMembers(jdbc, "S", 2_100_000, 2, "CONTRACTOR_PARTNER", "S00001", "south.test");
        BallotFixtures.addMembers(jdbc, "X", 2_200_000, 2, "SALARIED", "N00001", "north.test");

        try (BrowserContext staff = Browser.newContext()) {
            page = staff.newPage();
            Browser.signIn(page, url("/sign-in"), TestAdmin.EMAIL, TestAdmin.PASSWORD);
            link("Ballots");
            assertAccessible(page);
            button("Create a ballot");
            assertAccessible(page);
            assertThat(page.locator("#options")).hasValue("Yes\nNo");
            button("Save as a draft");
            assertThat(page.locator(".govuk-error-summary")).containsText("Enter a title");
            assertAccessible(page);

            var now = clock.instant().atZone(UkTime.ZONE);
            page.getByLabel("Title").fill("Lifecycle ballot");
            page.getByLabel("Question").fill("Are you prepared to take collective action?");
            page.getByLabel("GP partners in England (GMS and PMS)").check();
            BallotForms.fillTime(page, "opensAt", now.plusMinutes(2));
            BallotForms.fillTime(page, "closesAt", now.plusDays(3));
            BallotForms.fillTime(page, "rollCutoff", now.plusDays(2));
            page.getByLabel("Independent scrutineer").fill("Independent Scrutineer Ltd");
            page.getByLabel("Address ballot email comes from").fill("ballots@scrutineer.example");
            button("Save as a draft");
            assertThat(page.locator("#status")).hasText("DRAFT");
            assertAccessible(page);
            long id = Long.parseLong(page.url().substring(page.url().lastIndexOf('/') + 1));
            ballotId = id;
            assertThat(page.locator("#trustee-count")).hasText("None yet: needed before scheduling");

            button("Schedule this ballot");
            assertThat(page.locator(".govuk-error-summary"))
                    .containsText("Votes are encrypted to the trustees' keys, and this ballot has none yet");
            assertThat(page.locator("#status")).hasText("DRAFT");
            addTheScrutineersKey(id);
            page.navigate(url("/ballots/" + id));
            assertThat(page.locator("#trustee-count")).hasText("1 key: votes are encrypted to them");

            button("Schedule this ballot");
            assertThat(page.locator("#status")).hasText("SCHEDULED");
            assertThat(page.locator("#ballot-log")).containsText("Scheduled to open");

            clock.advance(Duration.ofMinutes(3));
            await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("OPEN"));
            List<String> links = links("Your ballot: Lifecycle ballot", 5);

            String[] choices = {"Yes", "Yes", "No", "Yes"};
            // Three of the north's partners and one of the south's vote; one in the south does not.
            int[] voters = {0, 1, 2, 3};
            for (int i = 0; i < voters.length; i++) {
                String token = URI.create(links.get(voters[i])).getPath().substring("/vote/".length());
                Http.Response vote = new Http(port).postJson("/api/vote", Map.of("token", token, "choice", choices[i]));
                assertThat(vote.status()).as(vote.body()).isEqualTo(201);
                receipts.add(vote.json().get("receipt").asString());
            }
            List<Map<String, Object>> byIcb =
                    jdbc.sql("""
                            select icb_code, lmc, count(*) as roll, count(*) filter (where has_voted) as voted
                            from ballots.roll_entry where ballot_id = :id group by icb_code, lmc order by icb_code
                            """).param("id", id).query().listOfRows();
            assertThat(byIcb).hasSize(2);

            page.navigate(url("/ballots/" + id));
            assertThat(page.locator("#roll-size")).hasText("5");
            link("Turnout");
            assertThat(page.locator("#returned")).hasText("4");
            assertThat(page.locator("#turnout")).hasText("80.0%");
            assertThat(page.locator("#turnout-chart")).isVisible();
            assertAccessible(page);
            assertAreaTable("#by-icb", byIcb, "icb_code");
            assertAreaTable("#by-lmc", byIcb, "lmc");
            assertThat(page.content()).doesNotContain("option-0");

            page.navigate(url("/ballots/" + id + "/results"));
            assertThat(page.locator("h1")).hasText("The result is not available yet");
            assertAccessible(page);

            clock.advance(Duration.ofDays(4));
            await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("CLOSED"));

            page.navigate(url("/ballots/" + id));
            link("Result");
            assertThat(page.locator("main")).containsText("every trustee has given their decryption share (0 of 1");
            decryptAsTheTrustee(id);
            page.navigate(url("/ballots/" + id));
            assertThat(page.locator("#ballot-log"))
                    .containsText("Encrypted totals made from 4 papers whose proofs held; none spoilt");
            link("Result");
            assertThat(page.locator("#entitled")).hasText("5");
            assertThat(page.locator("#returned")).hasText("4");
            assertThat(page.locator("#option-0")).hasText("3");
            assertThat(page.locator("#option-0-percent")).hasText("75.0%");
            assertThat(page.locator("#option-1")).hasText("1");
            assertThat(page.locator("#spoilt")).hasText("0");
            assertAccessible(page);

            link("Scrutineer's report (to print)");
            assertThat(page.locator("#turnout-threshold")).hasText("Yes");
            assertThat(page.locator("#yes-threshold")).hasText("Yes");
            assertThat(page.locator("#log-hash")).hasText(java.util.regex.Pattern.compile("^[0-9a-f]{64}$"));
            assertThat(page.locator("#statements li")).hasCount(4);
            assertAccessible(page);

            assertThat(page.locator("#certification-status")).hasText("Not yet certified");
            link("Back to the result");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish the result")))
                    .hasCount(0);
            certifyAsTheScrutineer(id);
            page.reload();
            assertThat(page.locator("#certification-status")).hasText("Certified");
            assertThat(page.locator("#qualifications")).hasText("Statement 4: one voter's link was sent twice.");
            button("Publish the result");
            assertThat(page.locator("#published")).containsText("The result is published");
            assertThat(page.locator("#status")).hasText("PUBLISHED");
            assertAccessible(page);
            page.navigate(url("/ballots/" + id));
            assertThat(page.locator("#ballot-log")).containsText("Result published by " + TestAdmin.EMAIL);
        }

        try (BrowserContext voterBrowser = Browser.newContext()) {
            page = voterBrowser.newPage();
            page.navigate(url("/receipts"));
            assertAccessible(page);
            link("Lifecycle ballot");
            assertAccessible(page);
            button("Check");
            assertThat(page.locator(".govuk-error-summary")).containsText("Enter the receipt you were shown");
            assertAccessible(page);
            page.getByLabel("Your receipt").fill(receiptOf(0));
            button("Check");
            assertThat(page.locator("#outcome")).containsText("Your vote was counted");
            assertThat(page.locator("main")).not().containsText("Yes");
            assertAccessible(page);
            page.getByLabel("Your receipt").fill("A".repeat(52));
            button("Check");
            assertThat(page.locator("#outcome")).containsText("We could not find that receipt");
            assertAccessible(page);

            page.navigate(url("/results/" + ballotId));
            assertAccessible(page);
            String jointKey = page.locator("#joint-key").textContent();
            assertThat(jointKey).isEqualTo(jointKeyOnTheTrusteesPage).matches("[0-9a-f]{66}");
            Download download =
                    page.waitForDownload(() -> page.locator("#record").click());
            Path record = dataDir.resolve("public-record.zip");
            download.saveAs(record);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int verified = CryptoCommands.run(
                    new String[] {"verify", record.toString(), "--tracker", receiptOf(1), "--joint-key", jointKey},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
            assertThat(verified).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("VERIFIED")
                    .contains("FOUND   tracker")
                    .contains("PASS the record's joint key is " + jointKey + ", the one given with --joint-key")
                    .contains("Joint key: " + jointKey + "\n");
            page.navigate(url("/receipts/" + ballotId));
            for (int i = 0; i < 2; i++) {
                page.getByLabel("Your receipt").fill("A".repeat(51) + (i == 0 ? "B" : "C"));
                button("Check");
            }
            page.getByLabel("Your receipt").fill("A".repeat(51) + "D");
            button("Check");
            assertThat(page.locator("h1")).hasText("Too many attempts");
            assertAccessible(page);
            page.navigate(url("/receipts/" + ballotId));
            page.getByLabel("Your receipt").fill(receiptOf(0));
            button("Check");
            assertThat(page.locator("#outcome")).containsText("Your vote was counted");
        }
    }

    private final List<String> receipts = new ArrayList<>();

    private long ballotId;

    /** The joint key the scrutineer's trustees page showed, which the public result page must show the same. */
    private String jointKeyOnTheTrusteesPage;

    private String scrutineer;

    /** The scrutineer, signed in in a browser of their own. */
    private void asTheScrutineer(Runnable steps) {
        if (scrutineer == null) {
            scrutineer = new ResultsTestData(jdbc, new Http(port)).staff("SCRUTINEER", List.of());
        }
        Page staffPage = page;
        try (BrowserContext browser = Browser.newContext()) {
            page = browser.newPage();
            Browser.signIn(page, url("/sign-in"), scrutineer, ResultsTestData.PASSWORD);
            steps.run();
        } finally {
            page = staffPage;
        }
    }

    /**
     * The scrutineer makes a key pair with the shipped command, as on their own computer, and pastes the public key
     * file into the ballot's trustees page. A private key pasted by mistake is refused, and so is its public key
     * afterwards: the server has seen that pair, so the scrutineer makes a new one.
     */
    void addTheScrutineersKey(long id) {
        Path exposed = dataDir.resolve("exposed-key");
        Path keys = dataDir.resolve("scrutineer-key");
        for (Path dir : List.of(exposed, keys)) {
            assertThat(CryptoCommands.run(
                            new String[] {"trustee", "keygen", "--out", dir.toString()}, System.out, System.err))
                    .isZero();
        }
        asTheScrutineer(() -> {
            page.navigate(url("/ballots/" + id));
            page.locator("#trustees-link").click();
            assertThat(page.locator("h1")).hasText("Trustees and their keys");
            assertThat(page.locator("#no-trustees")).isVisible();
            assertAccessible(page);
            page.getByLabel("The whole of trustee-public.json")
                    .fill(read(exposed.resolve(CryptoCommands.PRIVATE_FILE)));
            button("Add this key");
            assertThat(page.locator(".govuk-error-summary"))
                    .containsText("That is your private key (trustee-private.json)");
            assertThat(page.locator(".govuk-error-summary")).containsText("treat it as exposed");
            assertAccessible(page);
            page.getByLabel("Who holds this key").fill("Independent Scrutineer Ltd");
            page.getByLabel("The whole of trustee-public.json").fill(read(exposed.resolve(CryptoCommands.PUBLIC_FILE)));
            button("Add this key");
            assertThat(page.locator(".govuk-error-summary"))
                    .containsText("so the key pair is exposed and must never be used");
            assertThat(page.locator(".govuk-error-summary")).containsText("java -jar gp-action.jar trustee keygen");
            assertAccessible(page);
            page.getByLabel("Who holds this key").fill("Independent Scrutineer Ltd");
            page.getByLabel("The whole of trustee-public.json").fill(read(keys.resolve(CryptoCommands.PUBLIC_FILE)));
            button("Add this key");
            assertThat(page.locator("#done")).hasText("You added Independent Scrutineer Ltd's public key");
            assertThat(page.locator("#trustees")).containsText("Independent Scrutineer Ltd");
            assertAccessible(page);
        });
    }

    /**
     * After the close the scrutineer downloads the record so far, decrypts the totals offline with the shipped command
     * (which verifies the record first and expects the 4 ballots the turnout showed), and pastes the share back; the
     * totals are then decrypted.
     */
    void decryptAsTheTrustee(long id) {
        Path keys = dataDir.resolve("scrutineer-key");
        asTheScrutineer(() -> {
            page.navigate(url("/ballots/" + id + "/trustees"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                page.reload();
                return page.locator("#record-before-decryption").count() == 1;
            });
            assertAccessible(page);
            jointKeyOnTheTrusteesPage = page.locator("#joint-key").textContent();
            Download download = page.waitForDownload(
                    () -> page.locator("#record-before-decryption").click());
            Path record = dataDir.resolve("record-before-decryption.zip");
            download.saveAs(record);
            Path share = dataDir.resolve("share.json");
            assertThat(CryptoCommands.run(
                            new String[] {
                                "trustee", "decrypt",
                                "--key",
                                        keys.resolve(CryptoCommands.PRIVATE_FILE)
                                                .toString(),
                                "--expect-ballots", "4",
                                "--record", record.toString(),
                                "--out", share.toString()
                            },
                            System.out,
                            System.err))
                    .isZero();
            page.getByLabel("A trustee's share.json, whole").fill("{\"format\":\"gp-action-decryption-share/1\"}");
            button("Add this share");
            assertThat(page.locator(".govuk-error-summary")).containsText("That is not a decryption share file");
            assertAccessible(page);
            page.getByLabel("A trustee's share.json, whole").fill(read(share));
            button("Add this share");
            assertThat(page.locator("#done")).containsText("Every trustee's share is in: the totals are decrypted");
            assertThat(page.locator("#totals")).hasText("Yes: 3; No: 1");
            assertAccessible(page);
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The scrutineer certifies with a qualification, and sees it done. */
    void certifyAsTheScrutineer(long id) {
        asTheScrutineer(() -> {
            String email = scrutineer;
            page.navigate(url("/ballots/" + id + "/results"));
            link("Certify the report");
            assertAccessible(page);
            button("Certify the report");
            assertThat(page.locator(".govuk-error-summary")).containsText("Confirm that you have examined");
            assertAccessible(page);
            page.getByLabel("Qualifications (optional)").fill("Statement 4: one voter's link was sent twice.");
            page.getByLabel("I have examined this report and certify it").check();
            button("Certify the report");
            assertThat(page.locator("#done")).hasText("You certified the report");
            assertThat(page.locator("#certified-by")).containsText(email);
            assertAccessible(page);
        });
    }

    private String receiptOf(int index) {
        return receipts.get(index);
    }

    void assertAreaTable(String table, List<Map<String, Object>> rows, String column) {
        long roll = 0;
        long voted = 0;
        for (Map<String, Object> row : rows) {
            String area = String.valueOf(row.get(column));
            var line = page.locator(table + " tbody tr")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions()
                            .setHas(page.locator("th", new Page.LocatorOptions().setHasText(area))));
            assertThat(line.locator("td").nth(0)).hasText(String.valueOf(row.get("roll")));
            assertThat(line.locator("td").nth(1)).hasText(String.valueOf(row.get("voted")));
            roll += ((Number) row.get("roll")).longValue();
            voted += ((Number) row.get("voted")).longValue();
        }
        assertThat(page.locator(table + " tbody tr")).hasCount(rows.size());
        assertThat(page.locator(table + " tfoot td").nth(0)).hasText(String.valueOf(roll));
        assertThat(page.locator(table + " tfoot td").nth(1)).hasText(String.valueOf(voted));
        assertThat(roll).isEqualTo(5);
        assertThat(voted).isEqualTo(4);
    }

    void practices() {
        jdbc.sql("""
                        insert into practices.lmc (name) values ('North LMC'), ('South LMC')
                        """).update();
        jdbc.sql("""
                        insert into practices.lmc_area (area_code, lmc_id)
                        select 'NS1', id from practices.lmc where name = 'North LMC'
                        union all select 'SS1', id from practices.lmc where name = 'South LMC'
                        """).update();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values ('N00001', 'NORTH PRACTICE', 'Y63', 'QNO', array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                                'ACTIVE', 'NS1', 'ENGLAND', 'GMS', now()),
                               ('S00001', 'SOUTH PRACTICE', 'Y63', 'QSO', array['2 ROAD'], 'TS1 1AB', date '1974-04-01',
                                'ACTIVE', 'SS1', 'ENGLAND', 'PMS', now())
                        """).update();
    }

    String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    /** The voting links in the mail written to files, ordered by recipient so the voters are known. */
    List<String> links(String subject, int expected) throws Exception {
        Path mail = dataDir.resolve("mail");
        List<String[]> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    found.clear();
                    if (!Files.isDirectory(mail)) {
                        return false;
                    }
                    try (var files = Files.list(mail)) {
                        for (Path file : files.toList()) {
                            try (var in = Files.newInputStream(file)) {
                                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                                if (subject.equals(message.getSubject())) {
                                    String to = message.getAllRecipients()[0].toString();
                                    TestMailbox.firstLink(String.valueOf(message.getContent()))
                                            .ifPresent(link -> found.add(new String[] {to, link}));
                                }
                            }
                        }
                    }
                    return found.size() >= expected;
                });
        assertThat(found).hasSize(expected);
        return found.stream()
                .sorted((a, b) -> a[0].compareTo(b[0]))
                .map(pair -> pair[1])
                .toList();
    }

    void button(String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    void link(String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
