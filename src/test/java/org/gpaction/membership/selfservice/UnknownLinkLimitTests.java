package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unknown joining and sign-in links tried from one address are counted, so links cannot be guessed at speed, while a
 * real link from that address keeps working.
 */
@GpActionTest
class UnknownLinkLimitTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    Networks networks;

    /** The default number of unknown links one address may try in the window. */
    static final int LIMIT = 30;

    private SelfServiceMembers members() {
        return new SelfServiceMembers(jdbc, port);
    }

    @BeforeEach
    @AfterEach
    void forgetUnknownLinks() {
        new AttemptsFromHere(jdbc, networks).forget("MEMBERSHIP_LINK_TRY");
    }

    @Test
    void aPausedAddressIsToldInHowManyMinutesToTryAgain_withRetryAfter() {
        Http http = new Http(port);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(http.get("/join/confirm/" + SecretTokens.generate()).status())
                    .isEqualTo(404);
        }
        // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
        new AttemptsFromHere(jdbc, networks).age("MEMBERSHIP_LINK_TRY", Duration.ofMinutes(10));

        Http.Response paused = http.get("/my-details/sign-in/" + SecretTokens.generate());

        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.header("Retry-After"))
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
        assertThat(paused.body().replaceAll("\\s+", " "))
                .contains("Wait 5 minutes and try again")
                .doesNotContain("15 minutes");
    }

    @Test
    void unknownSignInLinksFromOneAddressArePaused_butARealOneStillSignsIn() {
        String token = members().signInLink(member());
        Http http = new Http(port);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(http.get("/my-details/sign-in/" + SecretTokens.generate())
                            .status())
                    .isEqualTo(404);
        }
        Http.Response paused = http.get("/my-details/sign-in/" + SecretTokens.generate());
        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.body()).contains("Too many requests");

        assertThat(http.get("/my-details/sign-in/" + token).status()).isEqualTo(200);
        assertThat(http.postForm("/my-details/sign-in/" + SecretTokens.generate(), Map.of())
                        .status())
                .isEqualTo(429);
        Http.Response signedIn = http.postForm("/my-details/sign-in/" + token, Map.of());
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("location")).endsWith("/my-details/edit");
        assertThat(http.get("/my-details/edit").status()).isEqualTo(200);
    }

    @Test
    void unknownJoiningLinksFromOneAddressArePaused_butARealOneStillJoins() {
        String token = joiningLink();
        Http http = new Http(port);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(http.get("/join/confirm/" + SecretTokens.generate()).status())
                    .isEqualTo(404);
        }
        assertThat(http.get("/join/confirm/" + SecretTokens.generate()).status())
                .isEqualTo(429);

        assertThat(http.get("/join/confirm/" + token).status()).isEqualTo(200);
        assertThat(http.postForm("/join/confirm/" + SecretTokens.generate(), Map.of())
                        .status())
                .isEqualTo(429);
        Http.Response joined = http.postForm("/join/confirm/" + token, Map.of());
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.body()).contains("You have joined");
    }

    @Test
    void usedAndExpiredLinksAreNoGuesses_soTheyAreAnsweredAsSuchAndNeverCountAgainstTheAddress() {
        String used = members().signInLink(member());
        Http http = new Http(port);
        assertThat(http.get("/my-details/sign-in/" + used).status()).isEqualTo(200);
        assertThat(http.postForm("/my-details/sign-in/" + used, Map.of()).status())
                .isEqualTo(302);
        String expired = joiningLink();
        jdbc.sql("update membership.joining_request set expires_at = now() - interval '1 minute' where token_hash = :h")
                .param("h", SecretTokens.hash(expired))
                .update();
        Http office = new Http(port);
        assertThat(office.get("/my-details").status()).isEqualTo(200);
        for (int i = 0; i <= LIMIT; i++) {
            Http.Response reopened = office.get("/my-details/sign-in/" + used);
            assertThat(reopened.status()).isEqualTo(404);
            assertThat(reopened.body()).contains("This link cannot be used");
            assertThat(office.postForm("/join/confirm/" + expired, Map.of()).status())
                    .isEqualTo(404);
        }
        assertThat(new AttemptsFromHere(jdbc, networks).count("MEMBERSHIP_LINK_TRY"))
                .as("no miss counted")
                .isZero();
        assertThat(office.get("/my-details/sign-in/" + SecretTokens.generate()).status())
                .as("an unknown link is not refused for the used ones")
                .isEqualTo(404);
        assertThat(office.get("/my-details/sign-in/" + members().signInLink(member()))
                        .status())
                .isEqualTo(200);

        for (int i = 1; i < LIMIT; i++) {
            assertThat(office.get("/join/confirm/" + SecretTokens.generate()).status())
                    .isEqualTo(404);
        }
        assertThat(office.get("/join/confirm/" + SecretTokens.generate()).status())
                .as("unknown links are still limited")
                .isEqualTo(429);
        assertThat(office.get("/my-details/sign-in/" + used).status())
                .as("a used link is still answered as used")
                .isEqualTo(404);
    }

    private String member() {
        String number = "LIMIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Given', 'Limited', lower(:n) || '@link-limits.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return number;
    }

    private String joiningLink() {
        String token = SecretTokens.generate();
        JoinDetails details = new JoinDetails(
                "Sam",
                "Rivers",
                String.valueOf(ThreadLocalRandom.current().nextInt(7_000_000, 8_000_000)),
                "joiner." + UUID.randomUUID().toString().substring(0, 8) + "@link-limits.test",
                PracticeRole.SALARIED,
                TestPractices.add(jdbc));
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), now(), now() + interval '1 hour')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("details", json.writeValueAsString(details))
                .update();
        return token;
    }
}
