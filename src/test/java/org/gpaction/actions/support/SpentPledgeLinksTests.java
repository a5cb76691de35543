package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pledge and withdrawal links used up, withdrawn with their pledges, or deleted once expired are remembered in the
 * common table of spent links, as pledge links: for seven days reopening one is no guess, and after them it is
 * counted like any unknown link.
 */
@GpActionTest
@Import(MovingClocks.class)
class SpentPledgeLinksTests {

    private static final String CONFIRM = "Confirm your pledge of support";
    private static final String WITHDRAW = "Withdraw your pledge of support";

    @Autowired
    Pledges pledges;

    @Autowired
    PledgeConfirmations confirmations;

    @Autowired
    PledgeWithdrawals withdrawals;

    @Autowired
    PledgeRetention retention;

    @Autowired
    SpentLinkHashes spentLinks;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void linksUsedWithdrawnOrDeletedAreNoGuessesForSevenDaysAndThenUnknownLikeAnyOther() {
        String email = TestMailbox.uniqueAddress("pledge-spent");
        pledges.request("Pat Spent", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        String withdrawn = link(email, CONFIRM, "actions.pledge");
        assertThat(confirmations.confirm(withdrawn, elsewhere())).isPresent();
        withdrawals.request(email, elsewhere());
        String used = link(email, WITHDRAW, "actions.pledge_withdrawal");
        assertThat(withdrawals.withdraw(used, elsewhere()))
                .hasValueSatisfying(gone -> assertThat(gone).hasSize(1));

        String lapsed = TestMailbox.uniqueAddress("pledge-spent-lapsed");
        pledges.request("Pat Lapsed", "NURSE_PARTNER", TestPractices.add(jdbc), lapsed, false, elsewhere());
        String expired = link(lapsed, CONFIRM, "actions.pledge");
        withdrawals.request(lapsed, elsewhere());
        String expiredWithdrawal = link(lapsed, WITHDRAW, "actions.pledge_withdrawal");
        Timestamp past = Timestamp.from(clock.instant().minus(Duration.ofMinutes(1)));
        jdbc.sql("update actions.pledge set expires_at = :past where lower(email) = lower(:email)")
                .param("past", past)
                .param("email", lapsed)
                .update();
        jdbc.sql("update actions.pledge_withdrawal set expires_at = :past where token_hash = :hash")
                .param("past", past)
                .param("hash", SecretTokens.hash(expiredWithdrawal))
                .update();
        retention.forgetPledges();
        Instant spentAt = clock.instant();

        List<String> spent = List.of(withdrawn, used, expired, expiredWithdrawal);
        assertThat(spent)
                .as("each remembered once, as a pledge link")
                .allSatisfy(token -> assertThat(kindsRemembered(token)).containsExactly("PLEDGE_LINK_TRY"));

        String office = "198.51.100.9-" + UUID.randomUUID();
        clock.moveTo(spentAt.plus(SpentLinkHashes.KEPT).minus(Duration.ofMinutes(5)));
        spentLinks.forgetOld();
        spent.forEach(token -> assertThat(confirmations.pending(token, office)).isEmpty());
        assertThat(misses(office)).as("no guess within the seven days").isZero();

        clock.moveTo(spentAt.plus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(5)));
        spentLinks.forgetOld();
        spent.forEach(token -> assertThat(confirmations.pending(token, office)).isEmpty());
        assertThat(misses(office))
                .as("after them, each is counted like any unknown link")
                .isEqualTo(spent.size());
    }

    @Test
    void whichPledgeAReplacedLinkWasForIsForgottenAfterSevenDaysThoughThePledgeIsKept() {
        String email = TestMailbox.uniqueAddress("pledge-replaced");
        pledges.request("Pat Replaced", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        assertThat(confirmations.confirm(link(email, CONFIRM, "actions.pledge"), elsewhere()))
                .isPresent();
        long pledge = jdbc.sql("select id from actions.pledge where lower(email) = lower(:email)")
                .param("email", email)
                .query(Long.class)
                .single();
        byte[] old = SecretTokens.hash("replaced-old-" + UUID.randomUUID());
        byte[] recent = SecretTokens.hash("replaced-recent-" + UUID.randomUUID());
        Instant now = clock.instant();
        replaced(old, pledge, now.minus(SpentLinkHashes.KEPT).minus(Duration.ofMinutes(5)));
        replaced(recent, pledge, now.minus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(5)));

        retention.forgetPledges();

        assertThat(replacedLinks(old)).as("replaced more than seven days ago").isZero();
        assertThat(replacedLinks(recent)).as("replaced within the seven days").isOne();
        assertThat(jdbc.sql("select count(*) from actions.pledge where id = :id")
                        .param("id", pledge)
                        .query(Integer.class)
                        .single())
                .as("the confirmed pledge is kept")
                .isOne();
    }

    /**
     * Which pledge a replaced link was for, and the link's hash, are forgotten by two hourly jobs, each at its own
     * offset: once seven days have passed the link is unknown like any other, whichever job ran first, and it is never
     * said to be for a pledge that is gone while its pledge is confirmed.
     */
    @Test
    void aReplacedLinkOfAConfirmedPledgeIsNeverSaidGone_whicheverJobForgetsItFirst() {
        String email = TestMailbox.uniqueAddress("pledge-replaced-late");
        pledges.request("Pat Late", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, elsewhere());
        String replaced = link(email, CONFIRM, "actions.pledge");
        long pledge = jdbc.sql("select id from actions.pledge where lower(email) = lower(:email)")
                .param("email", email)
                .query(Long.class)
                .single();
        Instant replacedAt = clock.instant();
        String later = confirmations.mintConfirmationLink(pledge).orElseThrow();
        assertThat(confirmations.confirm(TestMailbox.tokenIn(later), elsewhere()))
                .isPresent();
        assertThat(confirmations.replaced(replaced)).contains(PledgeConfirmations.Replaced.CONFIRMED);

        clock.moveTo(replacedAt.plus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(5)));
        retention.forgetPledges();

        assertThat(confirmations.replaced(replaced))
                .as("the pledge is confirmed, and its replaced link past its seven days unknown")
                .isEmpty();
        spentLinks.forgetOld();
        assertThat(confirmations.replaced(replaced)).isEmpty();
    }

    private void replaced(byte[] hash, long pledge, Instant at) {
        jdbc.sql("insert into actions.pledge_replaced_link (token_hash, pledge_id, replaced_at)"
                        + " values (:hash, :pledge, :at)")
                .param("hash", hash)
                .param("pledge", pledge)
                .param("at", Timestamp.from(at))
                .update();
    }

    private int replacedLinks(byte[] hash) {
        return jdbc.sql("select count(*) from actions.pledge_replaced_link where token_hash = :hash")
                .param("hash", hash)
                .query(Integer.class)
                .single();
    }

    private List<String> kindsRemembered(String token) {
        return jdbc.sql("select kind from common.spent_link where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(String.class)
                .list();
    }

    private int misses(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'PLEDGE_LINK_TRY' and subject = :a")
                .param("a", networks.fingerprint(address))
                .query(Integer.class)
                .single();
    }

    /** The link in the email to the address, once its hash is stored (it commits after the mail server has it). */
    private String link(String email, String subject, String table) {
        String token =
                TestMailbox.tokenIn(TestMailbox.awaitMessageTo(email, subject).firstLink());
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select count(*) from " + table + " where token_hash = :hash")
                                .param("hash", SecretTokens.hash(token))
                                .query(Integer.class)
                                .single()
                        == 1);
        return token;
    }

    private static String elsewhere() {
        return "192.0.2.45-" + UUID.randomUUID();
    }
}
