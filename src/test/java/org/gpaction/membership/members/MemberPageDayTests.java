package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The member's page offers to check eligibility on the application's today, the day its clock reads. */
@GpActionTest
@Import(MovingClocks.class)
class MemberPageDayTests {

    @LocalServerPort
    int port;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void theEligibilityCheckOffersTheDayTheApplicationsClockReads() {
        String number = "DAY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Dee', 'Day', lower(:n) || '@member-page-day.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        // Midnight in London on the day, still the day before in UTC: the day is the UK's.
        clock.moveTo(Instant.parse("2025-06-14T23:30:00Z"));
        Http.Response page = admin.get("/members/" + number);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsPattern("id=\"day\"[^>]*value=\"2025-06-15\"");
    }
}
