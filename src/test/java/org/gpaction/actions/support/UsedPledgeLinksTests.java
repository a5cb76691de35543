package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A pledge or withdrawal link that was made and has been used is no guess: reopening it, as people behind one office
 * address do with their own emails, never counts against the address's limit on unknown links.
 */
@GpActionTest
class UsedPledgeLinksTests {

    private static final String CONFIRM = "Confirm your pledge of support";
    private static final String WITHDRAW = "Withdraw your pledge of support";

    @LocalServerPort
    int port;

    @Autowired
    Pledges pledges;

    @Autowired
    PledgeConfirmations confirmations;

    @Autowired
    PledgeWithdrawals withdrawals;

    @Autowired
    PledgeRetention retention;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Test
    void usedLinksAreAnsweredAsUsedAndNeverCountAgainstTheAddress() {
        String email = TestMailbox.uniqueAddress("pledge-used");
        String practice = TestPractices.add(jdbc);
        pledges.request("Pat Used", "NURSE_PARTNER", practice, email, false, elsewhere());
        pledges.request("Pat Used", "NURSE_PARTNER", practice, email, false, elsewhere());
        List<String> links = awaitLinks(email, CONFIRM, 2, "actions.pledge");
        String confirmed = links.get(0);
        String second = links.get(1);
        assertThat(confirmations.confirm(confirmed, elsewhere()))
                .hasValueSatisfying(
                        opened -> assertThat(opened.alreadyPledged()).isFalse());
        assertThat(confirmations.confirm(second, elsewhere()))
                .as("a second pledge for the practice is used up and its details deleted")
                .hasValueSatisfying(
                        opened -> assertThat(opened.alreadyPledged()).isTrue());

        String leaving = TestMailbox.uniqueAddress("pledge-used-withdraw");
        withdrawals.request(leaving, elsewhere());
        String withdrawal =
                awaitLinks(leaving, WITHDRAW, 1, "actions.pledge_withdrawal").get(0);
        assertThat(withdrawals.withdraw(withdrawal, elsewhere())).isPresent();
        retention.forgetPledges();

        String office = "198.51.100.7-" + UUID.randomUUID();
        for (int i = 0; i <= Pledges.LINK_TRIES_PER_ADDRESS; i++) {
            assertThat(confirmations.pending(confirmed, office))
                    .as("a confirmed pledge's link is found, to say it is already confirmed")
                    .isPresent();
            assertThat(confirmations.confirm(confirmed, office)).isPresent();
            assertThat(confirmations.pending(second, office)).isEmpty();
            assertThat(confirmations.confirm(second, office)).isEmpty();
            assertThat(withdrawals.pending(withdrawal, office)).isEmpty();
        }
        assertThat(jdbc.sql(
                                "select count(*) from common.failed_attempt where kind = 'PLEDGE_LINK_TRY' and subject = :a")
                        .param("a", networks.fingerprint(office))
                        .query(Integer.class)
                        .single())
                .as("no miss counted")
                .isZero();

        for (int i = 0; i < Pledges.LINK_TRIES_PER_ADDRESS; i++) {
            assertThat(confirmations.pending(SecretTokens.generate(), office))
                    .as("unknown links are not refused for the used ones")
                    .isEmpty();
        }
        assertThatThrownBy(() -> confirmations.pending(SecretTokens.generate(), office))
                .as("unknown links are still limited")
                .isInstanceOf(Pledges.TooManyRequests.class);
        assertThat(confirmations.pending(second, office))
                .as("a used link is still no miss")
                .isEmpty();

        String fresh = TestMailbox.uniqueAddress("pledge-used-fresh");
        pledges.request("Pat Fresh", "NURSE_PARTNER", TestPractices.add(jdbc), fresh, false, elsewhere());
        assertThat(confirmations.pending(
                        awaitLinks(fresh, CONFIRM, 1, "actions.pledge").get(0), office))
                .as("a real link works")
                .isPresent();
    }

    @Test
    void aConfirmedPledgesLinkOpensAPageSayingItIsAlreadyConfirmed() {
        String email = TestMailbox.uniqueAddress("pledge-reopened");
        pledges.request("Pat Again", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        String token = awaitLinks(email, CONFIRM, 1, "actions.pledge").get(0);
        Http http = new Http(port);
        assertThat(http.get("/support/confirm/" + token).body()).doesNotContain("already confirmed");
        assertThat(http.postForm("/support/confirm/" + token, java.util.Map.of())
                        .status())
                .isEqualTo(200);

        Http.Response reopened = new Http(port).get("/support/confirm/" + token);
        assertThat(reopened.status()).isEqualTo(200);
        assertThat(reopened.body()).contains("Your pledge is already confirmed");
        assertThat(jdbc.sql("select count(*) from actions.pledge where email = :email and confirmed_at is not null")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * The outbox sends an email again when the mail server's answer to the first attempt was lost, though it may have
     * arrived: the link the retry makes replaces the first, and the first, opened from the email that did arrive, is
     * no guess however often it is opened, and its page says a later email replaced it.
     */
    @Test
    void aLinkReplacedByTheEmailSentAgainIsNoGuessAndItsPageSaysALaterEmailReplacedIt() {
        String email = TestMailbox.uniqueAddress("pledge-resent");
        pledges.request("Pat Resent", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        String first = awaitLinks(email, CONFIRM, 1, "actions.pledge").get(0);
        long id = jdbc.sql("select id from actions.pledge where token_hash = :hash")
                .param("hash", SecretTokens.hash(first))
                .query(Long.class)
                .single();

        Http person = new Http(port);
        assertThat(person.get("/support/confirm/" + first).status())
                .as("the first email's page, open as the email goes again")
                .isEqualTo(200);

        String second =
                TestMailbox.tokenIn(confirmations.mintConfirmationLink(id).orElseThrow());

        String office = "198.51.100.9-" + UUID.randomUUID();
        for (int i = 0; i <= Pledges.LINK_TRIES_PER_ADDRESS; i++) {
            assertThat(confirmations.pending(first, office)).isEmpty();
            assertThat(confirmations.confirm(first, office)).isEmpty();
        }
        assertThat(jdbc.sql(
                                "select count(*) from common.failed_attempt where kind = 'PLEDGE_LINK_TRY' and subject = :a")
                        .param("a", networks.fingerprint(office))
                        .query(Integer.class)
                        .single())
                .as("no miss counted")
                .isZero();
        for (Http.Response opened : List.of(
                person.get("/support/confirm/" + first),
                person.postForm("/support/confirm/" + first, java.util.Map.of()))) {
            assertThat(opened.status()).isEqualTo(404);
            assertThat(opened.body())
                    .contains("A later email sent you a new link for this pledge, which replaced this one");
        }
        assertThat(confirmations.confirm(second, office))
                .hasValueSatisfying(
                        opened -> assertThat(opened.alreadyConfirmed()).isFalse());
    }

    /**
     * A replaced link's page says a later email replaced it only while its pledge still waits for confirming: once the
     * newer link has confirmed it, the page says it is confirmed already, and once it is withdrawn, that it is gone.
     */
    @Test
    void aReplacedLinksPageSaysWhatIsTrueOfItsPledgeNow_waitingConfirmedOrGone() {
        String email = TestMailbox.uniqueAddress("pledge-replaced-then");
        pledges.request("Pat Replaced", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        String first = awaitLinks(email, CONFIRM, 1, "actions.pledge").get(0);
        long id = pledgeOf(first);
        String second =
                TestMailbox.tokenIn(confirmations.mintConfirmationLink(id).orElseThrow());
        Http person = new Http(port);
        assertThat(person.get("/support/confirm/" + first).body()).contains(REPLACED);

        assertThat(confirmations.confirm(second, elsewhere())).isPresent();
        person.get("/support");
        for (Http.Response opened : List.of(
                person.get("/support/confirm/" + first),
                person.postForm("/support/confirm/" + first, java.util.Map.of()))) {
            assertThat(opened.status()).isEqualTo(404);
            assertThat(opened.body())
                    .doesNotContain(REPLACED)
                    .contains("This pledge is confirmed already, through the link in a later email");
        }

        String leaving = TestMailbox.uniqueAddress("pledge-replaced-gone");
        pledges.request("Pat Gone", "NURSE_PARTNER", TestPractices.add(jdbc), leaving, false, elsewhere());
        String replaced = awaitLinks(leaving, CONFIRM, 1, "actions.pledge").get(0);
        confirmations.mintConfirmationLink(pledgeOf(replaced)).orElseThrow();
        withdrawals.request(leaving, elsewhere());
        String withdrawal =
                awaitLinks(leaving, WITHDRAW, 1, "actions.pledge_withdrawal").get(0);
        assertThat(withdrawals.withdraw(withdrawal, elsewhere())).isPresent();
        assertThat(person.get("/support/confirm/" + replaced).body())
                .doesNotContain(REPLACED)
                .contains("The pledge this link was for no longer exists");
    }

    private static final String REPLACED = "A later email sent you a new link for this pledge, which replaced this one";

    private long pledgeOf(String token) {
        return jdbc.sql("select id from actions.pledge where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(Long.class)
                .single();
    }

    /** The links emailed to the address, once each one's hash is stored (it commits after the mail server has it). */
    private List<String> awaitLinks(String email, String subject, int count, String table) {
        List<String> tokens = await().atMost(TestMailbox.DEFAULT_WAIT)
                .ignoreExceptions()
                .until(
                        () -> TestMailbox.messagesTo(email).stream()
                                .filter(message -> message.subject().equals(subject))
                                .map(message -> TestMailbox.tokenIn(message.firstLink()))
                                .toList(),
                        found -> found.size() == count);
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> tokens.stream()
                        .allMatch(token -> jdbc.sql("select count(*) from " + table + " where token_hash = :hash")
                                        .param("hash", SecretTokens.hash(token))
                                        .query(Integer.class)
                                        .single()
                                == 1));
        return tokens;
    }

    private static String elsewhere() {
        return "192.0.2.44-" + UUID.randomUUID();
    }
}
