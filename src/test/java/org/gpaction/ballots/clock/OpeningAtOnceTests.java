package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.common.UkTime;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A draft scheduled after its opening time has passed is not refused: the page says it opens at once and sends the
 * roll their links, and the clock does open it at its next tick. On a database of its own, because an opening emails
 * every eligible member.
 */
class OpeningAtOnceTests extends OwnBallotDatabase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    private Long ballot;

    /** Tests sharing this database count the ballots open: this test's is closed once it ends, as theirs are. */
    @AfterEach
    void closeIt() {
        if (ballot != null) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !status(ballot).equals("SCHEDULED"));
            jdbc.sql("""
                            update ballots.ballot set status = 'CLOSED', closes_at = now(),
                                roll_cutoff = least(roll_cutoff, now())
                            where id = :id and status = 'OPEN'
                            """).param("id", ballot).update();
        }
    }

    @Test
    void aDraftScheduledAfterItsOpeningTimeSaysItOpensAtOnce_andDoes() {
        Instant now = clock.instant();
        Instant opens = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        // A draft left unscheduled while its opening time passed; its closing time is still ahead.
        long id = jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        values ('Scheduled late', 'Yes or no?', array['Yes','No'], 'GP_PARTNERS_ENGLAND', :opens,
                            :closes, :cutoff, 'Scrutineer', 'ballots@scrutineer.example', 'DRAFT', 'test', now())
                        returning id
                        """)
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(now.plus(Duration.ofDays(7))))
                .param("cutoff", Timestamp.from(now.plus(Duration.ofDays(1))))
                .query(Long.class)
                .single();
        TestTrustee.addTo(jdbc, id);
        Http staff = new Http(port);
        staff.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = staff.get("/ballots/" + id);
        assertThat(page.body()).as("the page warns before scheduling").contains("id=\"opening-passed\"");
        Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page.body());
        assertThat(version.find()).as("the page carries the draft's version").isTrue();

        Http.Response scheduled = staff.postForm("/ballots/" + id + "/schedule", Map.of("version", version.group(1)));
        ballot = id;

        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(302);
        assertThat(staff.get("/ballots/" + id).body())
                .contains("govuk-notification-banner--success")
                .contains("The ballot is scheduled after its opening time, " + UkTime.format(opens)
                        + ", had passed: it opens at once and every member on the roll is sent their link")
                .doesNotContain("opens by itself")
                .contains("Scheduled after its opening time, " + UkTime.format(opens)
                        + ", had passed, so it opens at once and sends the roll their links");
        await("the clock opens it at its next tick, as the banner says")
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(id).equals("OPEN"));
    }

    private String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }
}
