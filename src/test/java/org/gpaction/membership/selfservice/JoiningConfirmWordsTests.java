package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A joining confirmed after the roll changed under it makes no member, and tells whoever holds the address only what
 * the address alone entitles them to know.
 */
@GpActionTest
class JoiningConfirmWordsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void confirmAndJoinPressedTwiceJoinsOnce_andTheSecondPressSaysTheyHaveJoinedWithoutNamingTheMembership() {
        String gmc = gmc();
        String email = address();
        String token = pendingJoin(gmc, email);
        Http joiner = new Http(port);
        assertThat(joiner.get("/join/confirm/" + token).status()).isEqualTo(200);

        Http.Response first = joiner.postForm("/join/confirm/" + token, Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String number = jdbc.sql("select membership_number from membership.member where email = :email")
                .param("email", email)
                .query(String.class)
                .single();
        assertThat(first.body()).contains("You have joined", number);

        Http.Response pressedAgain = joiner.postForm("/join/confirm/" + token, Map.of());
        // Whoever holds the link afterwards (the email's link opened again, or a copy of it) is told no more.
        Http.Response openedAgain = new Http(port).get("/join/confirm/" + token);

        for (Http.Response answer : List.of(pressedAgain, openedAgain)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body())
                    .contains("<title>You have already joined")
                    .contains("This link has been used")
                    .contains("Check or update your details")
                    .doesNotContain(number, email, gmc, "Waiting", "cannot be used", "Confirm and join");
        }
        assertThat(membersWith(email)).as("joined once").isOne();
        assertThat(jdbc.sql("""
                                select count(*) from notifications.outbox
                                where recipient = :email and category = 'joining-welcome'
                                """).param("email", email).query(Integer.class).single())
                .as("welcomed once")
                .isOne();
    }

    @Test
    void aGmcNumberThatBecameAMembersWhileTheJoinWaitedIsNotToldToTheAddress() {
        String gmc = gmc();
        String email = address();
        String token = pendingJoin(gmc, email);
        member(gmc, address());

        Http.Response answer = confirmed(token);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body())
                .contains("We could not complete your joining", "contact the union")
                .doesNotContain("already a member", "already exists", "GMC");
        assertThat(membersWith(email)).as("no member made").isZero();

        Http.Response openedAgain = new Http(port).get("/join/confirm/" + token);
        assertThat(openedAgain.body())
                .as("a link that made no membership never says it did")
                .contains("This link cannot be used")
                .doesNotContain("joined");
    }

    @Test
    void anAddressThatBecameAMembersWhileTheJoinWaitedIsToldItIsAMembersAlready() {
        String email = address();
        String token = pendingJoin(gmc(), email);
        member(gmc(), email);

        Http.Response answer = confirmed(token);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("You are already a member").doesNotContain("could not complete");
        assertThat(membersWith(email)).as("still the one member").isEqualTo(1);
    }

    @Test
    void aPracticeThatClosedWhileTheLinkWaitedIsNamedAsClosed_andNothingChanges() {
        String practice = TestPractices.add(jdbc);
        String email = address();
        String token = pendingJoin(gmc(), email, practice);
        Http joiner = new Http(port);
        assertThat(joiner.get("/join/confirm/" + token).status()).isEqualTo(200);
        // The directory import closes the practice while the joiner has the page open.
        LocalDate yesterday = LocalDate.now(UkTime.ZONE).minusDays(1);
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = :yesterday where ods_code = :ods")
                .param("yesterday", yesterday)
                .param("ods", practice)
                .update();
        String closure = "Practice " + practice + " was last open on "
                + yesterday.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK));

        Http.Response pressed = joiner.postForm("/join/confirm/" + token, Map.of());
        Http.Response openedAgain = new Http(port).get("/join/confirm/" + token);

        for (Http.Response answer : List.of(pressed, openedAgain)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(409);
            assertThat(answer.body())
                    .contains("<title>Your practice has closed")
                    .contains("the practice directory has changed: " + closure + ".")
                    .contains("no membership was made")
                    .doesNotContain("Confirm and join");
        }
        assertThat(membersWith(email)).as("no member made").isZero();
        assertThat(jdbc.sql("""
                                select count(*) from membership.joining_request
                                where token_hash = :hash and confirmed_at is null and membership_number is null
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .query(Integer.class)
                        .single())
                .as("the request left as it was")
                .isOne();
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :email")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .as("no welcome sent")
                .isZero();
    }

    /** Opens the link and presses confirm, as the joiner would. */
    private Http.Response confirmed(String token) {
        Http joiner = new Http(port);
        assertThat(joiner.get("/join/confirm/" + token).status()).isEqualTo(200);
        return joiner.postForm("/join/confirm/" + token, Map.of());
    }

    private String pendingJoin(String gmc, String email) {
        return pendingJoin(gmc, email, TestPractices.add(jdbc));
    }

    private String pendingJoin(String gmc, String email, String practice) {
        String token = SecretTokens.generate();
        JoinDetails details = new JoinDetails("Jo", "Waiting", gmc, email, PracticeRole.SALARIED, practice);
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), now(), now() + interval '1 hour')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("details", json.writeValueAsString(details))
                .update();
        return token;
    }

    private void member(String gmc, String email) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Al', 'Ready', :email, 'ACTIVE', date '2015-01-01', date '2015-01-01', now())
                        """)
                .param(
                        "n",
                        "WAIT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase())
                .param("gmc", gmc)
                .param("email", email)
                .update();
    }

    private int membersWith(String email) {
        return jdbc.sql("select count(*) from membership.member where email = :email")
                .param("email", email)
                .query(Integer.class)
                .single();
    }

    private static String gmc() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(7_000_000, 8_000_000));
    }

    private static String address() {
        return "joiner." + UUID.randomUUID().toString().substring(0, 8) + "@confirm-words.test";
    }
}
