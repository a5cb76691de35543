package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * GPs joining together behind one NHS address are not turned away, and however many addresses ask, one person's
 * mailbox gets only a few joining emails; nobody else's requests can use up the sign-in links a member may be sent,
 * nor, from the address a practice shares, keep a member there from being sent theirs.
 */
@GpActionTest
class RequestLimitsTests {

    @Autowired
    JoinRequests requests;

    @Autowired
    JoinConfirmations confirmations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    JoiningWorker worker;

    @Autowired
    DetailsSignIn signIn;

    @Autowired
    Networks networks;

    @Autowired
    Recipients recipients;

    @LocalServerPort
    int port;

    @Test
    void aPracticesGpsJoiningFromOneAddressAreAllSentTheirLinks_andOneMailboxGetsThreeWhoeverAsks() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String sharedAddress = "198.51.100." + (int) (Math.random() * 250);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 12; i++) {
            requests.request(details("gp" + i + "." + run + "@example.org", practice), sharedAddress);
        }
        answered("%." + run + "@example.org");
        assertThat(requestsFor("%." + run + "@example.org"))
                .as("twelve GPs behind one address, more than the ten allowed before")
                .isEqualTo(12);

        String target = "target." + run + "@example.org";
        for (int i = 0; i < 5; i++) {
            requests.request(details(target, practice), "203.0.113." + i);
        }
        answered(target);
        assertThat(requestsFor(target))
                .as("one mailbox, asked for from five addresses")
                .isEqualTo(3);
        for (int i = 1; i <= 5; i++) {
            String writtenOtherwise = target + "(" + i + ")";
            assertThatThrownBy(() -> requests.request(details(writtenOtherwise, practice), "203.0.113.9"))
                    .as(writtenOtherwise + " is the same mailbox, written with a comment")
                    .isInstanceOfSatisfying(
                            InvalidDetails.class, e -> assertThat(e.problems()).containsOnlyKeys("email"));
        }
        answered(target + "%");
        assertThat(requestsFor(target + "%"))
                .as("one mailbox, however its address is written")
                .isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient like :to")
                        .param("to", target + "%")
                        .query(Integer.class)
                        .single())
                .as("one mailbox is sent three joining emails however its address is written")
                .isEqualTo(3);

        String busy = "192.0.2." + (int) (Math.random() * 250);
        for (int i = 0; i < 60; i++) {
            requests.request(details("many" + i + "." + run + "@example.net", practice), busy);
        }
        assertThatThrownBy(() -> requests.request(details("one.more." + run + "@example.net", practice), busy))
                .isInstanceOf(TooManyRequests.class);
    }

    @Test
    void aMemberBehindAnAddressThatHasAskedForSixtySignInLinksIsStillSentTheirs_whileAStrangerThereIsSentNothing() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String email = members.email(members.member());
        String stranger = TestMailbox.uniqueAddress("stranger");
        String run = UUID.randomUUID().toString().substring(0, 8);
        AttemptsFromHere here = new AttemptsFromHere(jdbc, networks);
        here.forget("DETAILS_LINK_REQUEST");
        try {
            // The practice's address has asked as often as the window allows: its other GPs, or someone typing
            // addresses that are no member's.
            for (int i = 0; i < 60; i++) {
                signIn.requestLink("colleague" + i + "." + run + "@example.net", AttemptsFromHere.ADDRESS);
            }
            Http browser = new Http(port);
            browser.get("/my-details");

            Http.Response member = browser.postForm("/my-details", Map.of("email", email));
            Http.Response notAMember = browser.postForm("/my-details", Map.of("email", stranger));

            assertThat(member.status()).as("the member's own request").isEqualTo(200);
            assertThat(member.body()).contains("Check your email");
            assertThat(notAMember.status()).isEqualTo(200);
            assertThat(notAMember.body().replace(stranger, ""))
                    .as("the same answer, so the limit tells nobody who is a member")
                    .isEqualTo(member.body().replace(email, ""));
            assertThat(TestMailbox.awaitMessageTo(email, "Sign in to update your details")
                            .firstLink())
                    .as("the member's link reaches them, however often others asked from their address")
                    .contains("/my-details/sign-in/");
            assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                            .param("to", stranger)
                            .query(Integer.class)
                            .single())
                    .as("past the address's limit, nothing is queued for an address that is no member's")
                    .isZero();
            assertThat(emailsCountedTo(stranger))
                    .as("nor is anything kept for it: fresh addresses typed past the limit store nothing")
                    .isZero();
            for (int i = 0; i < 3; i++) {
                signIn.requestLink(email, AttemptsFromHere.ADDRESS);
            }
            assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                            .param("to", email)
                            .query(Integer.class)
                            .single())
                    .as("nor can the limit's passing fill the member's mailbox: three links in the window")
                    .isEqualTo(3);
        } finally {
            here.forget("DETAILS_LINK_REQUEST");
        }
    }

    /**
     * However often others ask for a member's sign-in links, the member who asks then has the links already sent to
     * their mailbox, and each still signs them in: a link works at least as long as the window it is counted in.
     */
    @Test
    void aMemberWhoAsksAfterOthersUsedUpTheirThreeSignInLinksHasThoseThree_eachSigningThemIn() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String email = members.email(members.member());
        for (int i = 0; i < 3; i++) {
            signIn.requestLink(email, "203.0.113." + (30 + i));
        }
        Http asking = new Http(port);
        asking.get("/my-details");
        assertThat(asking.postForm("/my-details", Map.of("email", email)).status())
                .isEqualTo(200);

        List<TestMailbox.Message> sent = TestMailbox.awaitMessagesTo(email, 3);
        assertThat(emailsCountedTo(email))
                .as("the member's own request sent nothing more")
                .isEqualTo(3);
        for (TestMailbox.Message message : sent) {
            Http browser = new Http(port);
            Http.Response signedIn = SelfServiceMembers.open(
                    browser, URI.create(message.firstLink()).getPath());
            assertThat(signedIn.status()).as("each link signs the member in").isEqualTo(302);
            assertThat(browser.get("/my-details/edit").status()).isEqualTo(200);
        }
    }

    @Test
    void aMemberIsWarnedOnceADayWhoeverAsksToJoinWithTheirGmcNumber() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String run = UUID.randomUUID().toString().substring(0, 8);
        JoinDetails member = details("member." + run + "@example.org", practice);
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), now(), now() + interval '1 hour')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("details", json.writeValueAsString(member))
                .update();
        assertThat(confirmations.confirm(token)).isPresent();

        for (int i = 0; i < 6; i++) {
            JoinDetails someoneElse = new JoinDetails(
                    "Not",
                    "Them",
                    member.gmcNumber(),
                    "other" + i + "." + run + "@example.org",
                    PracticeRole.SALARIED,
                    practice);
            requests.request(someoneElse, "203.0.113." + (10 + i));
        }
        answered("%." + run + "@example.org");

        assertThat(jdbc.sql("""
                                select count(*) from notifications.outbox
                                where recipient = :to and subject = 'Someone tried to join with your GMC number'
                                """)
                        .param("to", member.email())
                        .query(Integer.class)
                        .single())
                .as("six tries with the member's GMC number from six addresses and six emails")
                .isOne();
    }

    @Test
    void strangersAskingToJoinWithAMembersGmcNumberOrAddressNeverSpendTheMembersSignInEmails() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        String email = members.email(number);
        String gmc = jdbc.sql("select gmc_number from membership.member where membership_number = :n")
                .param("n", number)
                .query(String.class)
                .single();
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            requests.request(
                    new JoinDetails(
                            "Not",
                            "Them",
                            gmc,
                            "other" + i + "." + run + "@example.org",
                            PracticeRole.SALARIED,
                            practice),
                    "203.0.113." + (20 + i));
        }
        requests.request(details(email, practice), "203.0.113.23");
        answered("%." + run + "@example.org");
        answered(email);

        Http member = new Http(port);
        member.get("/my-details");
        assertThat(member.postForm("/my-details", Map.of("email", email)).status())
                .isEqualTo(200);

        assertThat(TestMailbox.awaitMessageTo(email, "Sign in to update your details")
                        .firstLink())
                .as("the member's own sign-in link reaches them, whoever asked to join with their GMC number")
                .contains("/my-details/sign-in/");
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .untilAsserted(() -> assertThat(TestMailbox.messagesTo(email))
                        .as("told once of the GMC number and once of the address, however often others asked")
                        .extracting(TestMailbox.Message::subject)
                        .containsOnlyOnce("Someone tried to join with your GMC number", "You are already a member"));
    }

    @Test
    void aMemberTypingSomeoneElsesAddressAsTheirNewOneNeverSpendsThatAddressesSignInEmails() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String target = members.member();
        String email = members.email(target);
        Http other = members.signedIn(members.member());
        other.get("/my-details/edit");
        for (int i = 0; i < 5; i++) {
            assertThat(other.postForm("/my-details/email", Map.of("email", email))
                            .status())
                    .isEqualTo(302);
        }

        Http member = new Http(port);
        member.get("/my-details");
        assertThat(member.postForm("/my-details", Map.of("email", email)).status())
                .isEqualTo(200);

        assertThat(TestMailbox.awaitMessageTo(email, "Sign in to update your details")
                        .firstLink())
                .as("the member's own sign-in link reaches them, whoever typed their address as a new one")
                .contains("/my-details/sign-in/");
    }

    /** How many joining and sign-in links are counted against this mailbox in the window. */
    private long emailsCountedTo(String email) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'EMAILS_TO_ADDRESS' and subject = :s")
                .param("s", recipients.fingerprint(email))
                .query(Long.class)
                .single();
    }

    private static JoinDetails details(String email, String practice) {
        String gmc = String.valueOf(2000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 7000000));
        return new JoinDetails("Sam", "Rivers", gmc, email, PracticeRole.SALARIED, practice);
    }

    /** Once every request to these addresses is out of the inbox, acted on here or by the worker's own thread. */
    private void answered(String emailLike) {
        worker.actOnWaiting();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        jdbc.sql("select count(*) from membership.joining_inbox where details ->> 'email' like :email")
                                        .param("email", emailLike)
                                        .query(Integer.class)
                                        .single()
                                == 0);
    }

    private int requestsFor(String emailLike) {
        return jdbc.sql("select count(*) from membership.joining_request where details ->> 'email' like :email")
                .param("email", emailLike)
                .query(Integer.class)
                .single();
    }
}
