package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GPs joining together behind one NHS address are not turned away, and however many addresses ask, one person's
 * mailbox gets only a few joining emails.
 */
@GpActionTest
class RequestLimitsTests {

    @Autowired
    Joining joining;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPracticesGpsJoiningFromOneAddressAreAllSentTheirLinks_andOneMailboxGetsThreeWhoeverAsks() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String sharedAddress = "198.51.100." + (int) (Math.random() * 250);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 12; i++) {
            joining.request(details("gp" + i + "." + run + "@example.org", practice), sharedAddress);
        }
        assertThat(requestsFor("%." + run + "@example.org"))
                .as("twelve GPs behind one address, more than the ten allowed before")
                .isEqualTo(12);

        String target = "target." + run + "@example.org";
        for (int i = 0; i < 5; i++) {
            joining.request(details(target, practice), "203.0.113." + i);
        }
        assertThat(requestsFor(target))
                .as("one mailbox, asked for from five addresses")
                .isEqualTo(3);

        String busy = "192.0.2." + (int) (Math.random() * 250);
        for (int i = 0; i < 60; i++) {
            joining.request(details("many" + i + "." + run + "@example.net", practice), busy);
        }
        assertThatThrownBy(() -> joining.request(details("one.more." + run + "@example.net", practice), busy))
                .isInstanceOf(Joining.TooManyRequests.class);
    }

    private static JoinDetails details(String email, String practice) {
        String gmc = String.valueOf(2000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 7000000));
        return new JoinDetails("Sam", "Rivers", gmc, email, PracticeRole.SALARIED, practice);
    }

    private int requestsFor(String emailLike) {
        return jdbc.sql("select count(*) from membership.joining_request where details ->> 'email' like :email")
                .param("email", emailLike)
                .query(Integer.class)
                .single();
    }
}
