package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clock never opens a ballot one of whose keys is exposed, however the exposure got there without making it a
 * draft (a key exposed before that was done, or written straight into the database): at its opening time the ballot
 * is a draft again, sends no link, and its log says which key and what to do. On a database of its own, because an
 * opening emails every eligible member.
 */
class ExposedKeyOpeningTests extends OwnBallotDatabase {

    @LocalServerPort
    int port;

    @Autowired
    BallotClock ballotClock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void aScheduledBallotWithAnExposedKeyIsADraftAgainAtItsOpeningTime_neverOpened() {
        Instant now = clock.instant();
        long id = ScheduledBallots.insert(
                jdbc,
                "Exposed at the opening",
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(7)),
                now.plus(Duration.ofDays(7)));
        TestTrustee.addTo(jdbc, id);
        TrusteeKey exposed = TrusteeKey.generate(new SecureRandom());
        String exposedKey = TestTrustee.addKey(jdbc, id, "Exposed trustee", "test", exposed, Duration.ofSeconds(1));
        jdbc.sql("insert into ballots.exposed_trustee_key (public_key, seen_at) values (:key, now())")
                .param("key", exposedKey)
                .update();
        Http staff = new Http(port);
        staff.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(staff.get("/ballots/" + id).body())
                .as("still scheduled, its page says it will not open and what to do now")
                .contains(exposedKey)
                .contains("This ballot will not open with it")
                .contains("Unschedule it now");

        jdbc.sql("update ballots.ballot set opens_at = :opens where id = :id")
                .param("opens", Timestamp.from(now.minusSeconds(1)))
                .param("id", id)
                .update();

        ScheduledBallots.tick(ballotClock, jdbc, id);
        ScheduledBallots.tick(ballotClock, jdbc, id);

        assertThat(jdbc.sql(
                                "select status || ' ' || coalesce(opened_at::text, 'never') from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("DRAFT never");
        assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :id", id))
                .as("nobody put on the roll")
                .isZero();
        assertThat(count("select count(*) from ballots.credential where ballot_id = :id", id))
                .as("no link made")
                .isZero();
        assertThat(count("select count(*) from ballots.ballot_log where ballot_id = :id and action = 'OPENED'", id))
                .isZero();
        assertThat(jdbc.sql(
                                "select detail from ballots.ballot_log where ballot_id = :id and action = 'RETURNED_TO_DRAFT'")
                        .param("id", id)
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("Exposed trustee's key (public key " + exposedKey + ")")
                .contains("Only the account that added a key can remove it (")
                .contains("signed in as that account, remove the key on the ballot's Trustees page");
    }

    private long count(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }
}
