package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A practice's action is never recorded as de-escalated against a version of the menu that no longer lets it be: a
 * stop as de-escalated sent as an administrator publishes a version taking that leave away either commits before the
 * version is published, or waits for it and is refused. Each test adds an action of its own under a number no version
 * has used, in versions it removes after, so the shared menu is as it was for every other test.
 */
@GpActionTest
class DeEscalationRaceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    OrderedPublishRace race;
    String token;

    @BeforeEach
    void setUp() {
        race = new OrderedPublishRace(jdbc, dataSource, clock, port);
        race.setUp();
        token = race.data.token(race.manager);
    }

    @AfterEach
    void putTheMenuBack() {
        if (race != null) {
            race.putTheMenuBack();
        }
    }

    /**
     * In {@link OrderedPublishRace}'s order: the first practice's stop, having taken the menu's lock, is held on its
     * practice's lock; the publish taking the leave away waits for it; let go, the stop commits and the publish goes on
     * to be held before its commit; the second practice's stop, sent then, waits for it. The first is recorded before
     * the version is published, the second is refused against it.
     */
    @Test
    void aStopAsDeEscalatedCommitsBeforeAPublishTakingAwayLeaveToDeEscalateOrWaitsForItAndIsRefused() throws Exception {
        everyPracticeTakesTheAction();
        race.publishWithTheAction();
        Http admin =
                race.menus.adminWithADraft(draft -> jdbc.sql("update actions.menu_action set may_de_escalate = false"
                                + " where version = :draft and number = :number")
                        .param("draft", draft)
                        .param("number", race.number)
                        .update());
        String revision = MenuPublishing.revision(admin);

        OrderedPublishRace.Run run =
                race.run(admin, revision, () -> deEscalate(race.first), () -> deEscalate(race.second));

        assertThat(run.published().status()).as(run.published().body()).isEqualTo(302);
        int version = race.menus.currentVersion();
        assertThat(version).isEqualTo(race.before + 2);
        Instant publishedAt = race.publishedAt(version);

        Http.Response stoppedFirst = run.first();
        assertThat(stoppedFirst.status()).as(stoppedFirst.body()).isEqualTo(200);
        assertThat(stoppedFirst.json().get("endedHow").asString()).isEqualTo("DE_ESCALATED");
        assertThat(deEscalatedAt(race.first))
                .as("%s de-escalated before version %d, which forbids it, was published", race.first, version)
                .isBefore(publishedAt);

        Http.Response stoppedSecond = run.second();
        assertThat(stoppedSecond.status()).as(stoppedSecond.body()).isEqualTo(400);
        assertThat(stoppedSecond.json().get("errors").findValuesAsString("message"))
                .containsExactly(
                        "Action " + race.number + " is not one the menu allows to be de-escalated: stop it instead");
        assertThat(unchanged(race.second)).as("%s changed nothing", race.second).isTrue();

        run.assertRunInOrder("stop");
    }

    private Http.Response deEscalate(String ods) {
        return new Http(port)
                .postJson(
                        "/api/practices/" + ods + "/actions/" + race.number + "/stop",
                        Map.of(
                                "on",
                                race.menus.today().plusDays(1).toString(),
                                "reason",
                                "Agreed with the ICB",
                                "how",
                                "DE_ESCALATED"),
                        token);
    }

    private void everyPracticeTakesTheAction() {
        for (String ods : List.of(race.first, race.second)) {
            jdbc.sql("insert into actions.action_period (ods_code, action_number, from_on)"
                            + " values (:ods, :number, :from)")
                    .param("ods", ods)
                    .param("number", race.number)
                    .param("from", Date.valueOf(race.menus.today().minusDays(30)))
                    .update();
        }
    }

    private Instant deEscalatedAt(String ods) {
        return jdbc.sql("""
                        select recorded_at from actions.practice_event
                        where ods_code = :ods and action_number = :number and kind = 'DE_ESCALATED'
                        """)
                .param("ods", ods)
                .param("number", race.number)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Whether the practice still takes the action with no end, and its timeline has nothing recorded. */
    private boolean unchanged(String ods) {
        return jdbc.sql("""
                        select count(*) = 1 from actions.action_period
                        where ods_code = :ods and action_number = :number and to_on is null
                        """)
                        .param("ods", ods)
                        .param("number", race.number)
                        .query(Boolean.class)
                        .single()
                && jdbc.sql("select count(*) = 0 from actions.practice_event where ods_code = :ods")
                        .param("ods", ods)
                        .query(Boolean.class)
                        .single();
    }
}
