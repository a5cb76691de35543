package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A note is never recorded about an action that the menu in force has taken off and the practice never took: a note
 * about an action sent as an administrator publishes a version without it either commits before the version is
 * published, or waits for it and is refused. The test adds an action of its own under a number no version has used, in
 * versions it removes after, so the shared menu is as it was for every other test.
 */
@GpActionTest
class NoteRaceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    OrderedPublishRace race;
    Http firstManager;
    Http secondManager;

    @BeforeEach
    void setUp() {
        race = new OrderedPublishRace(jdbc, dataSource, clock, port);
        race.setUp();
        firstManager = signedIn(race.manager);
        secondManager = signedIn(race.manager);
    }

    @AfterEach
    void putTheMenuBack() {
        if (race != null) {
            race.putTheMenuBack();
        }
    }

    /**
     * In {@link OrderedPublishRace}'s order: the first practice's note, having taken the menu's lock, is held on its
     * practice's lock; the publish taking the action off waits for it; let go, the note commits and the publish goes on
     * to be held before its commit; the second practice's note, sent then, waits for it. The first is recorded before
     * the version is published, the second is refused against it, neither practice having taken the action.
     */
    @Test
    void aNoteAboutAnActionCommitsBeforeAPublishTakingItOffTheMenuOrWaitsForItAndIsRefused() throws Exception {
        race.publishWithTheAction();
        firstManager.get(notes(race.first));
        secondManager.get(notes(race.second));
        Http admin = race.menus.adminWithADraft(
                draft -> jdbc.sql("delete from actions.menu_action where version = :draft and number = :number")
                        .param("draft", draft)
                        .param("number", race.number)
                        .update());
        String revision = MenuPublishing.revision(admin);

        OrderedPublishRace.Run run =
                race.run(admin, revision, () -> note(firstManager, race.first), () -> note(secondManager, race.second));

        assertThat(run.published().status()).as(run.published().body()).isEqualTo(302);
        int version = race.menus.currentVersion();
        assertThat(version).isEqualTo(race.before + 2);
        Instant publishedAt = race.publishedAt(version);

        Http.Response notedFirst = run.first();
        assertThat(notedFirst.status()).as(notedFirst.body()).isEqualTo(302);
        assertThat(notedAt(race.first))
                .as(
                        "%s noted action %d before version %d, which took it off, was published",
                        race.first, race.number, version)
                .singleElement()
                .satisfies(at -> assertThat(at).isBefore(publishedAt));

        Http.Response notedSecond = run.second();
        assertThat(notedSecond.status()).as(notedSecond.body()).isEqualTo(409);
        assertThat(notedSecond.body())
                .contains("id=\"actionNumber-error\"")
                .contains("Action " + race.number + ", &quot;" + OrderedPublishRace.TITLE
                        + "&quot;, is no longer on the menu: version " + version
                        + ", in force now, does not have it, and this practice has never taken it. Nothing"
                        + " was recorded: choose an action on the menu, or none for a note about the practice")
                .contains(">The note as I typed it</textarea>");
        assertThat(notedAt(race.second))
                .as("%s has nothing recorded", race.second)
                .isEmpty();

        run.assertRunInOrder("note");
    }

    private Http signedIn(String email) {
        Http manager = new Http(port);
        manager.signIn(email, ActionsTestData.PASSWORD);
        return manager;
    }

    private static String notes(String ods) {
        return "/actions/practices/" + ods + "/notes";
    }

    private Http.Response note(Http manager, String ods) {
        return manager.postForm(
                notes(ods), Map.of("actionNumber", String.valueOf(race.number), "note", "The note as I typed it"));
    }

    /** When the practice's timeline had its notes recorded, whatever they are about. */
    private List<Instant> notedAt(String ods) {
        return jdbc
                .sql("select recorded_at from actions.practice_event where ods_code = :ods and kind = 'NOTE'")
                .param("ods", ods)
                .query(Timestamp.class)
                .list()
                .stream()
                .map(Timestamp::toInstant)
                .toList();
    }
}
