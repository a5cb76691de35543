package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A pledge's maker withdraws it through a link sent to the address they pledged with; asking gives the same answer
 * whether the address pledged or not; confirmed pledges go their period after confirmation.
 */
@GpActionTest
class PledgeWithdrawalTests {

    private static final Pattern LINK = Pattern.compile("(/support/withdraw/[A-Za-z0-9_-]+)");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PledgeRetention retention;

    @Autowired
    PledgeProperties properties;

    @Autowired
    PledgeWithdrawals withdrawals;

    @Test
    void everyPledgeMadeWithAnAddressIsWithdrawnThroughALinkSentToIt() {
        String email = TestMailbox.uniqueAddress("withdrawing");
        String other = TestMailbox.uniqueAddress("staying");
        Instant now = Instant.now();
        confirmed(email, "C84667", now.minus(Duration.ofDays(3)));
        confirmed(email, "A81001", now.minus(Duration.ofDays(1)));
        confirmed(other, "C84667", now);
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");

        Http.Response asked = visitor.postForm("/support/withdraw", Map.of("email", " " + email.toUpperCase() + " "));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("Check your email");
        String link = link(TestMailbox.awaitMessageTo(email, "Withdraw your pledge of support")
                .body());
        assertThat(linkReferences(email))
                .as("the link is made as the email goes, from the address; only its hash is kept")
                .containsExactly(email);
        assertThat(pledges(email)).isEqualTo(2);
        Http.Response page = visitor.get(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("(C84667)", "(A81001)", "Withdraw my pledges");
        assertThat(pledges(email)).as("opening the link withdraws nothing").isEqualTo(2);

        Http.Response withdrawn = visitor.postForm(link, Map.of());

        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.body()).contains("Your pledges are withdrawn");
        assertThat(pledges(email)).isZero();
        assertThat(pledges(other)).isOne();
        assertThat(visitor.get(link).status()).as("the link works once").isEqualTo(404);
        assertThat(visitor.postForm(link, Map.of()).status()).isEqualTo(404);
    }

    /**
     * Withdrawing deletes every pledge made with the address, confirmed or not (a supporter withdrawing does not want a
     * pledge still waiting for its confirmation to count later), so the page lists each of them, saying which are not
     * confirmed, before anything is deleted.
     */
    @Test
    void theWithdrawalPageListsEveryPledgeTheWithdrawalDeletesSayingWhichAreNotConfirmed() {
        String email = TestMailbox.uniqueAddress("withdrawing-unconfirmed");
        confirmed(email, "C84667", Instant.now().minus(Duration.ofDays(2)));
        unconfirmed(email, "A81001");
        Http visitor = new Http(port);
        String link = link(withdrawals.mintLink(email));

        String page = main(visitor.get(link).body());

        assertThat(page).contains("(C84667)", "(A81001)", "Not confirmed", "Withdraw my pledges");
        assertThat(pledges(email)).isEqualTo(2);
        Http.Response withdrawn = visitor.postForm(link, Map.of());
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(main(withdrawn.body())).contains("Your pledges are withdrawn");
        assertThat(pledges(email)).isZero();

        String onlyWaiting = TestMailbox.uniqueAddress("withdrawing-only-unconfirmed");
        unconfirmed(onlyWaiting, "A81001");
        String second = link(withdrawals.mintLink(onlyWaiting));
        assertThat(main(visitor.get(second).body()))
                .contains("(A81001)", "Not confirmed", "Withdraw my pledge")
                .doesNotContain("There is no pledge");
        assertThat(main(visitor.postForm(second, Map.of()).body())).contains("Your pledge is withdrawn");
        assertThat(pledges(onlyWaiting)).isZero();
    }

    /**
     * The page speaks of pledges not confirmed only when it lists one, and in words true of one whose link has expired
     * and is not deleted yet as of one whose link may still be used.
     */
    @Test
    void theWithdrawalPageExplainsUnconfirmedPledgesOnlyWhenItListsOne_whetherTheirLinkIsLiveOrExpired() {
        Http visitor = new Http(port);
        String allConfirmed = TestMailbox.uniqueAddress("withdrawing-all-confirmed");
        confirmed(allConfirmed, "C84667", Instant.now().minus(Duration.ofDays(2)));
        assertThat(main(visitor.get(link(withdrawals.mintLink(allConfirmed))).body())
                        .replaceAll("\\s+", " "))
                .contains("(C84667)")
                .doesNotContain("Not confirmed")
                .doesNotContain("not confirmed");

        String expired = TestMailbox.uniqueAddress("withdrawing-expired");
        unconfirmed(expired, "A81001");
        jdbc.sql("update actions.pledge set expires_at = now() - interval '1 hour' where email = :email")
                .param("email", expired)
                .update();
        assertThat(main(visitor.get(link(withdrawals.mintLink(expired))).body()).replaceAll("\\s+", " "))
                .contains("(A81001)", "Not confirmed")
                .contains("A pledge not confirmed is one whose emailed link was never used, whether or not the link"
                        + " has expired")
                .doesNotContain("waiting for the");
    }

    @Test
    void anAddressThatNeverPledgedGetsTheSameAnswerAndItsEmailSaysThereIsNothing() {
        String pledged = TestMailbox.uniqueAddress("pledged");
        String never = TestMailbox.uniqueAddress("never-pledged");
        confirmed(pledged, "C84667", Instant.now());
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");

        Http.Response forPledged = visitor.postForm("/support/withdraw", Map.of("email", pledged));
        Http.Response forNever = visitor.postForm("/support/withdraw", Map.of("email", never));

        assertThat(forNever.status()).isEqualTo(forPledged.status());
        assertThat(main(forNever.body())).isEqualTo(main(forPledged.body()));
        String link = link(TestMailbox.awaitMessageTo(never, "Withdraw your pledge of support")
                .body());
        assertThat(visitor.get(link).body()).contains("There is no pledge of support from this email address");
        Http.Response withdrawn = visitor.postForm(link, Map.of());
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(main(withdrawn.body()))
                .as("the address made no pledge, so none is said to be withdrawn")
                .contains("There was no pledge to withdraw")
                .doesNotContain("Your pledge is withdrawn")
                .doesNotContain("Your pledges are withdrawn");
        assertThat(pledges(pledged)).isOne();
    }

    @Test
    void anAddressThatIsNoAddressIsRefusedByNameAndNothingIsSent() {
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");
        // Only links the retention job cannot delete while this runs: it takes those that have expired, and a link
        // sent now would work for the link lifetime.
        Instant expiringAfter = Instant.now().plus(properties.linkLifetime().dividedBy(2));
        int linksBefore = linksExpiringAfter(expiringAfter);

        Http.Response empty = visitor.postForm("/support/withdraw", Map.of("email", "  "));
        Http.Response malformed = visitor.postForm("/support/withdraw", Map.of("email", "nurse at practice"));

        assertThat(empty.status()).isEqualTo(400);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Enter the email address you pledged with");
        assertThat(malformed.body()).contains("Enter an email address in the correct format, like name@example.com");
        assertThat(linksExpiringAfter(expiringAfter)).isEqualTo(linksBefore);
        assertThat(visitor.get("/support/withdraw/" + "x".repeat(43)).status()).isEqualTo(404);
    }

    @Test
    void atMostThreeLinksGoToOneAddressInTheWindowAndTheAnswerStaysTheSame() {
        String email = TestMailbox.uniqueAddress("mailbox-filled");
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");
        String first = null;

        for (int i = 0; i < 4; i++) {
            Http.Response asked = visitor.postForm("/support/withdraw", Map.of("email", email));
            assertThat(asked.status()).isEqualTo(200);
            first = first == null ? main(asked.body()) : first;
            assertThat(main(asked.body())).isEqualTo(first);
        }

        TestMailbox.awaitMessagesTo(email, 3);
        assertThat(jdbc.sql("select count(*) from actions.pledge_withdrawal where email = :email")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void confirmedPledgesGoTheirPeriodAfterConfirmationAndExpiredLinksGoToo() {
        String email = TestMailbox.uniqueAddress("kept");
        Instant now = Instant.now();
        Instant keepSince = PledgeRetention.keptForConfirmed(properties).keepSince(now);
        confirmed(email, "C84667", keepSince.minus(Duration.ofDays(1)));
        confirmed(email, "A81001", keepSince.plus(Duration.ofDays(1)));
        jdbc.sql("""
                        insert into actions.pledge_withdrawal (token_hash, email, expires_at)
                        values (:expired, :email, :past), (:live, :email, :future)
                        """)
                .param("expired", SecretTokens.hash(SecretTokens.generate()))
                .param("live", SecretTokens.hash(SecretTokens.generate()))
                .param("email", email)
                .param("past", Timestamp.from(now.minusSeconds(60)))
                .param("future", Timestamp.from(now.plusSeconds(3600)))
                .update();

        retention.forgetPledges();

        assertThat(properties.keepConfirmedFor()).isEqualTo(Period.ofYears(2));
        assertThat(jdbc.sql("select ods_code from actions.pledge where email = :email")
                        .param("email", email)
                        .query(String.class)
                        .list())
                .containsExactly("A81001");
        assertThat(jdbc.sql("select expires_at > now() from actions.pledge_withdrawal where email = :email")
                        .param("email", email)
                        .query(Boolean.class)
                        .list())
                .containsExactly(true);
    }

    private void confirmed(String email, String odsCode, Instant at) {
        jdbc.sql("""
                        insert into actions.pledge (name, role, ods_code, email, consent_to_contact, created_at,
                            expires_at, confirmed_at)
                        values ('Pat Partner', 'NURSE_PARTNER', :ods, :email, false, :at, :at, :at)
                        """)
                .param("ods", odsCode)
                .param("email", email)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** A pledge whose confirmation link was sent and not used yet. */
    private void unconfirmed(String email, String odsCode) {
        Instant now = Instant.now();
        jdbc.sql("""
                        insert into actions.pledge (name, role, ods_code, email, consent_to_contact, token_hash,
                            created_at, expires_at)
                        values ('Pat Partner', 'NURSE_PARTNER', :ods, :email, false, :hash, :at, :expires)
                        """)
                .param("ods", odsCode)
                .param("email", email)
                .param("hash", SecretTokens.hash(SecretTokens.generate()))
                .param("at", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(Duration.ofHours(1))))
                .update();
    }

    private int pledges(String email) {
        return jdbc.sql("select count(*) from actions.pledge where email = :email")
                .param("email", email)
                .query(Integer.class)
                .single();
    }

    private List<String> linkReferences(String recipient) {
        return jdbc.sql("select secret_link_reference from notifications.outbox where recipient = :to")
                .param("to", recipient)
                .query(String.class)
                .list();
    }

    private int linksExpiringAfter(Instant at) {
        return jdbc.sql("select count(*) from actions.pledge_withdrawal where expires_at > :at")
                .param("at", Timestamp.from(at))
                .query(Integer.class)
                .single();
    }

    private static String link(String body) {
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return link.group(1);
    }

    /** The page's main content, without the CSRF token and other per-response parts of the layout. */
    private static String main(String page) {
        return page.substring(page.indexOf("<main"), page.indexOf("</main>"));
    }
}
