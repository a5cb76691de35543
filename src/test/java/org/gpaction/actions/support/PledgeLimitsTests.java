package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * NHS sites share a few public network addresses, so the partners of many practices at one meeting, or one trust,
 * pledge from one address: the limit per address stops a script, not them, and the form it refuses comes back as typed.
 */
@GpActionTest
class PledgeLimitsTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    PledgeProperties properties;

    @Autowired
    Clock clock;

    MockMvc mvc;

    /** A network of its own for each test (an IPv6 /64), so that no other test's requests count against it. */
    String sharedAddress;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sharedAddress = "2001:db8:" + Integer.toHexString(random.nextInt(1, 0xffff)) + ":"
                + Integer.toHexString(random.nextInt(1, 0xffff)) + "::1";
    }

    @Test
    void elevenPartnersPledgingFromOneNhsAddressAtAnLmcMeetingAreAllAskedToConfirm() throws Exception {
        for (int partner = 1; partner <= 11; partner++) {
            String practice = TestPractices.add(jdbc);
            MockHttpServletResponse answer =
                    pledge("Partner " + partner, practice, TestMailbox.uniqueAddress("lmc-meeting-" + partner));

            assertThat(answer.getStatus()).as("partner " + partner).isEqualTo(200);
            assertThat(answer.getContentAsString()).as("partner " + partner).contains("Check your email");
        }
    }

    @Test
    void elevenPartnersAskingToWithdrawFromOneNhsAddressAreAllSentALink() throws Exception {
        for (int partner = 1; partner <= 11; partner++) {
            MockHttpServletResponse answer = askToWithdraw(TestMailbox.uniqueAddress("withdraw-" + partner));

            assertThat(answer.getStatus()).as("partner " + partner).isEqualTo(200);
            assertThat(answer.getContentAsString()).as("partner " + partner).contains("Check your email");
        }
    }

    @Test
    void aPledgeRefusedForTooManyFromItsAddressComesBackAsTyped_sayingWhenToSendItAgain() throws Exception {
        for (int i = 0; i < properties.requestsPerAddress(); i++) {
            attempts.record(PledgeKind.PLEDGE_REQUEST, sharedAddress);
        }
        String practice = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("typed");

        MockHttpServletResponse refused = pledge("Typed Name", practice, email);

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.getContentAsString())
                .contains("Too many pledges have come from your network address")
                .contains("send this again in 15 minutes")
                .contains("value=\"Typed Name\"")
                .contains("value=\"" + practice + "\"")
                .contains("value=\"" + email + "\"")
                .containsPattern("value=\"NURSE_PARTNER\"\\s+checked")
                .containsPattern("value=\"yes\"\\s+checked");
        assertThat(jdbc.sql("select count(*) from actions.pledge where email = :email")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .as("nothing is kept of a refused pledge")
                .isZero();
    }

    @Test
    void aWithdrawalRequestRefusedForTooManyFromItsAddressComesBackAsTyped_sayingWhenToSendItAgain() throws Exception {
        for (int i = 0; i < properties.withdrawalRequestsPerAddress(); i++) {
            attempts.record(PledgeKind.PLEDGE_WITHDRAWAL_REQUEST, sharedAddress);
        }
        String email = TestMailbox.uniqueAddress("typed-withdrawal");

        MockHttpServletResponse refused = askToWithdraw(email);

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.getContentAsString())
                .contains("Too many requests to withdraw pledges have come from your network address")
                .contains("send this again in 15 minutes")
                .contains("value=\"" + email + "\"");
    }

    @Test
    void anUnknownLinkRefusedForTooManyFromItsAddressSaysInHowManyMinutesToTryAgain_withRetryAfter() throws Exception {
        Timestamp before = Timestamp.from(clock.instant().minusSeconds(1));
        for (int i = 0; i < Pledges.LINK_TRIES_PER_ADDRESS; i++) {
            attempts.record(PledgeKind.PLEDGE_LINK_TRY, sharedAddress);
        }
        // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
        jdbc.sql("""
                        update common.failed_attempt set at = at - interval '10 minutes'
                        where kind = :kind and at >= :before
                        """)
                .param("kind", PledgeKind.PLEDGE_LINK_TRY.name())
                .param("before", before)
                .update();

        for (String link : List.of("/support/confirm/not-a-link", "/support/withdraw/not-a-link")) {
            MockHttpServletResponse refused = send(MockMvcRequestBuilders.get(link));

            assertThat(refused.getStatus()).as(link).isEqualTo(429);
            assertThat(refused.getHeader("Retry-After"))
                    .as(link)
                    .matches("[1-9][0-9]*")
                    .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
            assertThat(refused.getContentAsString())
                    .as(link)
                    .contains("Wait 5 minutes and try again")
                    .doesNotContain("15 minutes");
        }
    }

    private MockHttpServletResponse pledge(String name, String practice, String email) throws Exception {
        return send(MockMvcRequestBuilders.post("/support")
                .param("name", name)
                .param("role", PartnerRole.NURSE_PARTNER.name())
                .param("odsCode", practice)
                .param("email", email)
                .param("consent", "yes"));
    }

    private MockHttpServletResponse askToWithdraw(String email) throws Exception {
        return send(MockMvcRequestBuilders.post("/support/withdraw").param("email", email));
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(sent -> {
                            sent.setRemoteAddr(sharedAddress);
                            return sent;
                        }))
                .andReturn()
                .getResponse();
    }
}
