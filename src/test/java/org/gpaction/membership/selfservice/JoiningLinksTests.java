package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.DurationWords;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The link confirming a request to join is made as its email goes, and works for its whole life from then, as the
 * email says; it is not made at all once the request is no longer wanted, nor for a request whose email could not go
 * within one link's life.
 */
@GpActionTest
class JoiningLinksTests {

    private static final String SUBJECT = "Confirm your email address to join";

    @Autowired
    JoiningLinks links;

    @Autowired
    JoinRequests requests;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MembershipProperties properties;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    FailedAttempts attempts;

    @LocalServerPort
    int port;

    @Test
    void aLinkEmailedLongAfterTheRequestWasAnsweredWorksForItsWholeLifeFromTheEmail() {
        Duration life = properties.joiningLinkLifetime();
        String email = TestMailbox.uniqueAddress("joining-late");

        answeredAgo(email, life.minus(Duration.ofHours(1)));

        TestMailbox.Message sent = TestMailbox.awaitMessageTo(email, SUBJECT);
        Instant sentAt = Instant.now();
        String token = TestMailbox.tokenIn(sent.firstLink());
        assertThat(sent.body()).contains("expires in " + DurationWords.inWords(life) + ".");
        assertThat(expiresAt(token))
                .as("the link's life counts from its email, not from the request")
                .isBetween(sentAt.plus(life).minusSeconds(60), sentAt.plus(life));
        assertThat(links.pending(token)).isPresent();
    }

    @Test
    void aRequestWhoseEmailCouldNotGoWithinALinksLifeIsNotEmailedAtAll() {
        String email = TestMailbox.uniqueAddress("joining-stale");

        long before = newestMessage();

        answeredAgo(email, properties.joiningLinkLifetime().plusMinutes(1));

        String[] withdrawn = awaitWithdrawn(before, JoiningLinks.CATEGORY);
        assertThat(withdrawn)
                .as("withdrawn, the message keeps neither the address of someone not a member nor its reference")
                .containsExactly("", null);
        assertThat(messagesNaming(email)).isZero();
        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    @Test
    void aSignInLinkAskedForWithAnAddressThatIsNoMembersIsWithdrawnWithoutTheAddress() {
        String stranger = TestMailbox.uniqueAddress("details-stranger");
        attempts.clear(RequestKind.DETAILS_LINK_REQUEST, "127.0.0.1");
        long before = newestMessage();
        Http browser = new Http(port);
        browser.get("/my-details");

        Http.Response answer = browser.postForm("/my-details", Map.of("email", stranger));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("Check your email");
        assertThat(awaitWithdrawn(before, DetailsSignInLinks.CATEGORY))
                .as("the privacy notice says only a one-way fingerprint of the address is kept, for a day")
                .containsExactly("", null);
        assertThat(messagesNaming(stranger)).isZero();
        assertThat(TestMailbox.messagesTo(stranger)).isEmpty();
    }

    @Test
    void aLinkMadeAgainReplacesTheOneBefore() {
        String request = request(Duration.ZERO);

        String first = TestMailbox.tokenIn(links.mint(request).orElseThrow());
        String second = TestMailbox.tokenIn(links.mint(request).orElseThrow());

        assertThat(links.pending(first)).isEmpty();
        assertThat(links.pending(second)).isPresent();
    }

    @Test
    void noLinkIsMadeForARequestThatHasExpiredOrIsGone() {
        assertThat(links.mint(request(properties.joiningLinkLifetime().plusMinutes(1))))
                .isEmpty();
        assertThat(links.mint("-1")).isEmpty();
    }

    @Test
    void noLinkIsMadeForARequestAlreadyConfirmed() {
        String request = request(Duration.ZERO);
        jdbc.sql("update membership.joining_request set confirmed_at = now() where id = cast(:id as bigint)")
                .param("id", request)
                .update();

        assertThat(links.mint(request)).isEmpty();
    }

    /** A request to join as answered this long ago, its email not yet sent. */
    private String request(Duration answeredAgo) {
        Instant answered = Instant.now().minus(answeredAgo);
        return jdbc.sql("""
                        insert into membership.joining_request (details, created_at, expires_at)
                        values (jsonb_build_object('email', cast(:email as text)), :answered, :expires)
                        returning id::text
                        """)
                .param("email", "links." + UUID.randomUUID() + "@example.org")
                .param("answered", Timestamp.from(answered))
                .param("expires", Timestamp.from(answered.plus(properties.joiningLinkLifetime())))
                .query(String.class)
                .single();
    }

    private long newestMessage() {
        return jdbc.sql("select coalesce(max(id), 0) from notifications.outbox")
                .query(Long.class)
                .single();
    }

    /** The recipient and secret link reference of the message of this category queued after {@code before}. */
    private String[] awaitWithdrawn(long before, String category) {
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("""
                                select count(*) from notifications.outbox
                                where id > :before and category = :category and status = 'WITHDRAWN'
                                """)
                                .param("before", before)
                                .param("category", category)
                                .query(Integer.class)
                                .single()
                        == 1);
        return jdbc.sql("""
                        select recipient, secret_link_reference from notifications.outbox
                        where id > :before and category = :category
                        """)
                .param("before", before)
                .param("category", category)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
    }

    private int messagesNaming(String email) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :email or secret_link_reference = :email
                        """).param("email", email).query(Integer.class).single();
    }

    /** A request answered as ever, its row (and the email's) then dated back as if the mail server had been down. */
    private void answeredAgo(String email, Duration ago) {
        String practice = TestPractices.add(jdbc);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            requests.answer(new JoinDetails(
                    "Sam",
                    "Late",
                    String.valueOf(2000000 + ThreadLocalRandom.current().nextInt(7000000)),
                    email,
                    PracticeRole.SALARIED,
                    practice));
            jdbc.sql("""
                            update membership.joining_request
                            set created_at = created_at - cast(:ago as interval),
                                expires_at = expires_at - cast(:ago as interval)
                            where details ->> 'email' = :email
                            """)
                    .param("ago", ago.toSeconds() + " seconds")
                    .param("email", email)
                    .update();
        });
    }

    private Instant expiresAt(String token) {
        return jdbc.sql("select expires_at from membership.joining_request where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(Timestamp.class)
                .single()
                .toInstant();
    }
}
