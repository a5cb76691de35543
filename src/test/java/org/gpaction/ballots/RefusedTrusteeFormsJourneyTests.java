package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A trustee's public key, and later their decryption share, pasted malformed: the scrutineer's page comes back with
 * the problem in the error summary and on the box it is about, read out with that box, passes the accessibility check
 * and stores nothing.
 */
@GpActionTest
class RefusedTrusteeFormsJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Tallying tallying;

    ResultsTestData data;
    BrowserContext context;
    Page page;

    @BeforeEach
    void signInAsAScrutineer() {
        data = new ResultsTestData(jdbc, new Http(port));
        context = Browser.newContext();
        page = context.newPage();
        Browser.signIn(page, url("/sign-in"), data.scrutineer(), ResultsTestData.PASSWORD);
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void aMalformedPublicKeyIsRefusedOnItsBoxAndAddsNoTrustee() {
        long draft = draft("Malformed key");
        page.navigate(url("/ballots/" + draft + "/trustees"));

        Locator keyFile = page.getByLabel("The whole of trustee-public.json");
        keyFile.fill("{\"format\":\"gp-action-trustee-public-key/1\",\"publicKey\":");
        button("Add this key");

        String problem = "That is not a trustee public key file";
        assertThat(page.locator(".govuk-error-summary")).containsText(problem);
        assertThat(page.locator("#keyFile-error")).containsText(problem);
        assertThat(keyFile).hasAccessibleDescription(Pattern.compile(problem));
        assertThat(keyFile).hasClass(Pattern.compile("govuk-textarea--error"));
        assertThat(page.locator("#name-error")).hasCount(0);
        assertAccessible(page);
        assertThat(jdbc.sql("select count(*) from ballots.trustee where ballot_id = :id")
                        .param("id", draft)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aKeyPastedWithoutSayingWhoHoldsItIsRefusedOnTheNameAndStaysPastedInItsBox() {
        long draft = draft("Key without a holder");
        page.navigate(url("/ballots/" + draft + "/trustees"));

        Locator name = page.getByLabel("Who holds this key");
        Locator keyFile = page.getByLabel("The whole of trustee-public.json");
        name.fill(" ");
        keyFile.fill(TestTrustee.publicKeyFile());
        button("Add this key");

        String problem = "Enter who holds this key";
        assertThat(page.locator(".govuk-error-summary")).containsText(problem);
        assertThat(page.locator("#name-error")).containsText(problem);
        assertThat(page.locator("#keyFile-error")).hasCount(0);
        // The key was not the problem: only the name is to be typed again.
        assertThat(keyFile).hasValue(TestTrustee.publicKeyFile());
        assertAccessible(page);
        assertThat(trustees(draft)).isZero();

        name.fill("Independent Scrutineer Ltd");
        button("Add this key");
        assertThat(page.locator("#done")).containsText("You added Independent Scrutineer Ltd's public key");
        assertThat(trustees(draft)).isOne();
    }

    @Test
    void aKeyPastedOnAPageOpenedBeforeAColleagueChangedTheDraftStaysPastedInItsBoxWithItsHoldersName() {
        long draft = draft("Key pasted while a colleague added one");
        page.navigate(url("/ballots/" + draft + "/trustees"));

        Locator name = page.getByLabel("Who holds this key");
        Locator keyFile = page.getByLabel("The whole of trustee-public.json");
        String pasted = TestTrustee.publicKeyFile(TrusteeKey.generate(new SecureRandom()));
        name.fill("Second trustee");
        keyFile.fill(pasted);
        assertThat(TestTrustee.addThroughApi(new Http(port), data.scrutineerToken(), draft))
                .isEqualTo(201);
        button("Add this key");

        assertThat(page.locator("#changed")).containsText("after you opened this page");
        assertThat(trustees(draft)).as("only the colleague's key").isOne();
        // Nothing typed was wrong: the key, a public one (a private one is refused first), is not to be found again.
        assertThat(name).hasValue("Second trustee");
        assertThat(keyFile).hasValue(pasted);
        assertAccessible(page);

        button("Add this key");
        assertThat(page.locator("#done")).containsText("You added Second trustee's public key");
        assertThat(trustees(draft)).isEqualTo(2);
    }

    @Test
    void aMalformedDecryptionShareIsRefusedOnItsBoxAndKeepsNoShare() {
        VotingFixtures voting = new VotingFixtures(jdbc);
        long ballot = voting.openBallot(Duration.ofHours(1));
        casting.cast(voting.credential(ballot, "SHARE-" + UUID.randomUUID()), 0);
        voting.closeNow(ballot);
        tallying.tally(ballot);
        page.navigate(url("/ballots/" + ballot + "/trustees"));

        Locator shareFile = page.getByLabel("A trustee's share.json, whole");
        shareFile.fill("share.json was here");
        button("Add this share");

        String problem = "That is not a decryption share file";
        assertThat(page.locator(".govuk-error-summary")).containsText(problem);
        assertThat(page.locator("#shareFile-error")).containsText(problem);
        assertThat(shareFile).hasAccessibleDescription(Pattern.compile(problem));
        assertThat(shareFile).hasClass(Pattern.compile("govuk-textarea--error"));
        assertAccessible(page);
        assertThat(jdbc.sql("select count(*) from ballots.decryption_share where ballot_id = :id")
                        .param("id", ballot)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /** A draft a week ahead, with no trustee's key yet. */
    private long draft(String title) {
        return jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        values (:title, 'Yes or no?', array['Yes','No'], 'GP_PARTNERS_ENGLAND',
                            now() + interval '7 days', now() + interval '14 days', now() + interval '10 days',
                            'Scrutineer', 'ballots@scrutineer.example', 'DRAFT', 'test', now())
                        returning id
                        """).param("title", title).query(Long.class).single();
    }

    private long trustees(long ballot) {
        return jdbc.sql("select count(*) from ballots.trustee where ballot_id = :id")
                .param("id", ballot)
                .query(Long.class)
                .single();
    }

    private void button(String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
