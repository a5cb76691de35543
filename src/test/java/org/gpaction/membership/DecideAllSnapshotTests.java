package org.gpaction.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The whole roll's decisions are read as of one moment: a membership import committing between the statements that
 * read the statuses and the members does not make a member it creates, lapsed, look in good standing for want of a
 * status.
 */
@GpActionTest
class DecideAllSnapshotTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Eligibility eligibility;

    @MockitoSpyBean
    MemberRepository members;

    @Test
    void aLapsedPartnerAnImportCreatesWhileTheRollIsReadIsNotEligible() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String number = "SNAP" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        String gmc = String.valueOf(ThreadLocalRandom.current().nextInt(2_000_000, 9_000_000));
        String csv = "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,"
                + "joined_on,role,practice_ods,role_from,role_to\n"
                + number + "," + gmc + ",Sam,Rivers," + TestMailbox.uniqueAddress("lapsed") + ",LAPSED,2024-01-01,"
                + "2020-01-01,CONTRACTOR_PARTNER," + practice + ",2020-01-01,\n";
        String token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Thread reader = Thread.currentThread();
        AtomicInteger importedBetween = new AtomicInteger();
        doAnswer(invocation -> {
                    Object statuses = invocation.callRealMethod();
                    if (Thread.currentThread() == reader && importedBetween.get() == 0) {
                        Http.Response imported =
                                new Http(port).postCsv("/api/members/imports?fileName=members.csv", csv, token);
                        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
                        assertThat(imported.json().get("created").asInt()).isOne();
                        importedBetween.incrementAndGet();
                    }
                    return statuses;
                })
                .when(members)
                .allStatuses();

        List<EligibilityDecision> decisions = eligibility.decideAll(RuleSet.GP_PARTNERS_ENGLAND, Instant.now());

        assertThat(importedBetween.get())
                .as("the import committed after the statuses were read")
                .isOne();
        assertThat(decisions)
                .filteredOn(decision -> decision.membershipNumber().equals(number))
                .as("read before the import, or lapsed")
                .noneMatch(EligibilityDecision::eligible);
        assertThat(eligibility.decideAll(RuleSet.GP_PARTNERS_ENGLAND, Instant.now()))
                .filteredOn(decision -> decision.membershipNumber().equals(number))
                .singleElement()
                .satisfies(decision ->
                        assertThat(decision.reasons()).containsExactly("Membership had lapsed on 1 January 2024"));
    }
}
