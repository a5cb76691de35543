package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * GPs joining together behind one NHS address are not turned away, and however many addresses ask, one person's
 * mailbox gets only a few joining emails.
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
    void aMembersMailboxGetsThreeWarningsWhoeverAsksToJoinWithTheirGmcNumber() {
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
                .isEqualTo(3);
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
