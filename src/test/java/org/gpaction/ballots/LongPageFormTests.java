package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A form's CSRF token is made, with the visitor's session, when the form is written. A page whose content before its
 * form is longer than the response buffer used to be sent in part first, after which no session could be made: a new
 * visitor got a broken page. Pages are now written whole.
 */
@GpActionTest
class LongPageFormTests {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void aNewVisitorGetsTheMissingBallotFormHoweverManyBallotsAreListedAboveIt() {
        List<Long> ballots = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                ballots.add(jdbc.sql("""
                                insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                                    roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at,
                                    roll_frozen_at)
                                values (:title, 'Yes or no?', array['Yes','No'], 'GP_MEMBERS_ENGLAND', :opens, :closes,
                                    :opens, 'Scrutineer', 'ballots@scrutineer.example', 'OPEN', 'test', now(), now())
                                returning id
                                """)
                        .param("title", "A ballot with a long title to fill the page ".repeat(6) + i)
                        .param("opens", Timestamp.from(Instant.now().minusSeconds(60)))
                        .param("closes", Timestamp.from(Instant.now().plus(Duration.ofHours(1))))
                        .query(Long.class)
                        .single());
            }

            Http.Response page = new Http(port).get("/ballots/missing");

            assertThat(page.body().length())
                    .as("the list alone is longer than the buffer")
                    .isGreaterThan(16_384);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("name=\"_csrf\"").contains("</html>");
        } finally {
            jdbc.sql("delete from ballots.ballot where id in (:ids)")
                    .param("ids", ballots.isEmpty() ? List.of(-1L) : ballots)
                    .update();
        }
    }
}
