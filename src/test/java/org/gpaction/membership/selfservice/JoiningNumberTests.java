package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Numbers given to people who join never collide with numbers that came in from the membership system. */
@GpActionTest
class JoiningNumberTests {

    @Autowired
    JoinConfirmations confirmations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void aJoinerGetsANumberPastImportedNumbersInTheJoiningRange() {
        long next = jdbc.sql("select nextval('membership.membership_number_seq')")
                        .query(Long.class)
                        .single()
                + 1;
        for (long n = next; n < next + 3; n++) {
            imported("M" + n);
        }

        for (int i = 0; i < 2; i++) {
            JoinConfirmations.Confirmation confirmation =
                    confirmations.confirm(joinRequest()).orElseThrow();

            assertThat(confirmation.outcome()).isEqualTo(JoinConfirmations.Outcome.JOINED);
            assertThat(Long.parseLong(confirmation.membershipNumber().substring(1)))
                    .isGreaterThanOrEqualTo(next + 3);
        }
    }

    @Test
    void aJoinerGetsANumberPastAnImportedNumberFarAhead() {
        long far = jdbc.sql("select nextval('membership.membership_number_seq')")
                        .query(Long.class)
                        .single()
                + 1_000_000;
        imported("M" + far);

        JoinConfirmations.Confirmation confirmation =
                confirmations.confirm(joinRequest()).orElseThrow();

        assertThat(confirmation.outcome()).isEqualTo(JoinConfirmations.Outcome.JOINED);
        assertThat(Long.parseLong(confirmation.membershipNumber().substring(1))).isGreaterThan(far);
    }

    private void imported(String number) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:number, :gmc, 'Im', 'Ported', :email, 'ACTIVE', :today, :today, now())
                        """)
                .param("number", number)
                .param("gmc", gmc())
                .param("email", "imported." + UUID.randomUUID() + "@example.org")
                .param("today", LocalDate.now())
                .update();
    }

    private String joinRequest() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), :now, :expires)
                        """)
                .param("hash", SecretTokens.hash(token))
                .param(
                        "details",
                        json.writeValueAsString(new JoinDetails(
                                "Jo",
                                "Iner",
                                gmc(),
                                "joiner." + UUID.randomUUID() + "@example.org",
                                PracticeRole.SALARIED,
                                practice)))
                .param("now", Timestamp.from(Instant.now()))
                .param("expires", Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS)))
                .update();
        return token;
    }

    private static String gmc() {
        return String.valueOf(1000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 9000000));
    }
}
