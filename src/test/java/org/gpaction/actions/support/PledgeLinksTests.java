package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.DurationWords;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The link confirming a pledge works for its whole life from its email, as the email says, however long the email
 * waited (a mail server down for hours); a pledge whose email could not go within one link's life is not emailed.
 */
@GpActionTest
class PledgeLinksTests {

    private static final String SUBJECT = "Confirm your pledge of support";

    @Autowired
    Pledges pledges;

    @Autowired
    PledgeConfirmations confirmations;

    @Autowired
    PledgeWithdrawals withdrawals;

    @Autowired
    PledgeProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aLinkEmailedLongAfterThePledgeWasMadeWorksForItsWholeLifeFromTheEmail() {
        Duration life = properties.linkLifetime();
        String email = TestMailbox.uniqueAddress("pledge-late");

        pledgedAgo(email, life.minus(Duration.ofHours(1)));

        TestMailbox.Message sent = TestMailbox.awaitMessageTo(email, SUBJECT);
        Instant sentAt = Instant.now();
        String token = TestMailbox.tokenIn(sent.firstLink());
        assertThat(sent.body()).contains("expires in " + DurationWords.inWords(life) + ".");
        assertThat(expiresAt(token))
                .as("the link's life counts from its email, not from the pledge")
                .isBetween(sentAt.plus(life).minusSeconds(60), sentAt.plus(life));
        assertThat(confirmations.pending(token, address())).isPresent();
    }

    @Test
    void aPledgeWhoseEmailCouldNotGoWithinALinksLifeIsNotEmailedAtAll_andTheOutboxKeepsNoAddress() {
        String email = TestMailbox.uniqueAddress("pledge-stale");

        long message = pledgedAgo(email, properties.linkLifetime().plusMinutes(1));

        assertThat(awaitWithdrawn(message))
                .as("the pledge's details go with its link, so the withdrawn message keeps no address either")
                .containsExactly("", null);
        assertThat(messagesNaming(email)).isZero();
        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    @Test
    void aPledgeDeletedBeforeItsEmailWentIsNotEmailed_andTheOutboxKeepsNoAddress() {
        String email = TestMailbox.uniqueAddress("pledge-gone");
        String practice = TestPractices.add(jdbc);

        long message = new TransactionTemplate(transactions).execute(status -> {
            pledges.request("Pat Gone", "NURSE_PARTNER", practice, email, false, address());
            jdbc.sql("delete from actions.pledge where email = :email")
                    .param("email", email)
                    .update();
            return outboxIdTo(email);
        });

        assertThat(awaitWithdrawn(message)).containsExactly("", null);
        assertThat(messagesNaming(email)).isZero();
        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    @Test
    void aRealLinkWorksFromAnAddressPausedForTryingUnknownOnes() {
        String email = TestMailbox.uniqueAddress("pledge-paused");
        pledgedAgo(email, Duration.ZERO);
        String token =
                TestMailbox.tokenIn(TestMailbox.awaitMessageTo(email, SUBJECT).firstLink());
        String shared = address();
        int refused = 0;
        for (int i = 0; i <= Pledges.LINK_TRIES_PER_ADDRESS; i++) {
            try {
                assertThat(confirmations.pending(SecretTokens.generate(), shared))
                        .isEmpty();
            } catch (Pledges.TooManyRequests paused) {
                refused++;
            }
        }
        assertThat(refused).as("unknown links beyond the limit are refused").isEqualTo(1);

        assertThat(confirmations.pending(token, shared))
                .as("a real link works whatever others at the same address tried")
                .isPresent();
    }

    @Test
    void oneAddressIsSentAtMostThreePledgeEmailsInTheWindowHoweverManyNetworkAddressesAsk() {
        String email = TestMailbox.uniqueAddress("pledge-flood");
        for (int i = 0; i < Pledges.EMAILS_PER_RECIPIENT; i++) {
            pledges.request("Pat Flood", "NURSE_PARTNER", TestPractices.add(jdbc), email, false, address());
        }
        assertThat(outboxRowsTo(email)).isEqualTo(Pledges.EMAILS_PER_RECIPIENT);

        pledges.request(
                "Pat Flood",
                "NURSE_PARTNER",
                TestPractices.add(jdbc),
                " " + email.toUpperCase() + " ",
                false,
                address());
        assertThat(outboxRowsTo(email)).as("a fourth pledge sends nothing").isEqualTo(Pledges.EMAILS_PER_RECIPIENT);
        withdrawals.request(email, address());
        assertThat(outboxRowsTo(email))
                .as("but pledging never stops a withdrawal link")
                .isEqualTo(Pledges.EMAILS_PER_RECIPIENT + 1);
        assertThat(jdbc.sql("select count(*) from actions.pledge where email = :email")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .as("and the fourth pledge is not stored")
                .isEqualTo(Pledges.EMAILS_PER_RECIPIENT);

        for (int i = 1; i <= 5; i++) {
            String writtenOtherwise = email + "(" + i + ")";
            assertThatThrownBy(() -> pledges.request(
                            "Pat Flood", "NURSE_PARTNER", TestPractices.add(jdbc), writtenOtherwise, false, address()))
                    .as(writtenOtherwise + ", the same mailbox written with a comment")
                    .isInstanceOfSatisfying(
                            Pledges.Invalid.class, e -> assertThat(e.problems()).containsOnlyKeys("email"));
            assertThatThrownBy(() -> withdrawals.request(writtenOtherwise, address()))
                    .as(writtenOtherwise)
                    .isInstanceOfSatisfying(
                            Pledges.Invalid.class, e -> assertThat(e.problems()).containsOnlyKeys("email"));
        }
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient like :to")
                        .param("to", email + "%")
                        .query(Integer.class)
                        .single())
                .as("nothing more is sent to the mailbox however its address is written")
                .isEqualTo(Pledges.EMAILS_PER_RECIPIENT + 1);
        assertThat(jdbc.sql("select count(*) from actions.pledge where email like :email")
                        .param("email", email + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(Pledges.EMAILS_PER_RECIPIENT);
    }

    private int outboxRowsTo(String email) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                .param("to", email)
                .query(Integer.class)
                .single();
    }

    /** The id of the message queued to this address in the transaction under way. */
    private long outboxIdTo(String email) {
        return jdbc.sql("select id from notifications.outbox where recipient = :to")
                .param("to", email)
                .query(Long.class)
                .single();
    }

    /** The recipient and secret link reference of this message, once it is withdrawn. */
    private String[] awaitWithdrawn(long message) {
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> "WITHDRAWN"
                        .equals(jdbc.sql("select status from notifications.outbox where id = :id")
                                .param("id", message)
                                .query(String.class)
                                .single()));
        return jdbc.sql("select recipient, secret_link_reference from notifications.outbox where id = :id")
                .param("id", message)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
    }

    private int messagesNaming(String email) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where lower(recipient) = lower(:email) or secret_link_reference = :email
                        """).param("email", email).query(Integer.class).single();
    }

    /**
     * A pledge made as ever, its row then dated back as if the mail server had been down since; the id of its
     * message.
     */
    private long pledgedAgo(String email, Duration ago) {
        String practice = TestPractices.add(jdbc);
        return new TransactionTemplate(transactions).execute(status -> {
            pledges.request("Pat Late", "NURSE_PARTNER", practice, email, false, address());
            jdbc.sql("""
                            update actions.pledge
                            set created_at = created_at - cast(:ago as interval),
                                expires_at = expires_at - cast(:ago as interval)
                            where email = :email
                            """)
                    .param("ago", ago.toSeconds() + " seconds")
                    .param("email", email)
                    .update();
            return outboxIdTo(email);
        });
    }

    private Instant expiresAt(String token) {
        return jdbc.sql("select expires_at from actions.pledge where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    private static String address() {
        return "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    }
}
