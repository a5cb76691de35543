package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a practice types about itself (a note, why an action stopped, its patient notice) is kept as typed: a control
 * character is refused naming the field, and nothing is saved, rather than dropped and the rest saved.
 */
@GpActionTest
class PracticeTextTests {

    private static final StaffPrincipal ADMIN =
            new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PracticeActions actions;

    @Autowired
    PatientNotices notices;

    @Autowired
    Practices practices;

    @Test
    void aControlCharacterInThePatientNoticeIsRefusedNamingTheFieldAndNothingIsSaved() {
        String ods = practice().odsCode();
        Http admin = signedIn();
        admin.get("/actions/practices/" + ods + "/settings");

        String page = admin.postForm(
                        "/actions/practices/" + ods + "/settings",
                        Map.of(
                                "urgentCare", "Riverside Urgent Treatment Centre\u0000, 1 River Road",
                                "message", "Thank you for bearing with us\u0007"))
                .body();

        assertThat(page)
                .contains("Local urgent care must not contain control characters")
                .contains("The message must not contain control characters");
        assertThat(jdbc.sql("select count(*) from actions.practice_settings where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void lineBreaksAndTabsInThePatientNoticeAreKeptAsTyped() {
        Practice practice = practice();

        notices.save(practice, "Riverside Urgent Treatment Centre\r\n1 River Road", "Open\tevery day", ADMIN);

        assertThat(notices.settings(practice))
                .contains(new PatientNotices.Settings(
                        "Riverside Urgent Treatment Centre\n1 River Road", "Open\tevery day"));
    }

    @Test
    void aControlCharacterInANoteIsRefusedNamingTheFieldAndNothingIsAddedToTheTimeline() {
        String ods = practice().odsCode();
        Http admin = signedIn();
        admin.get("/actions/practices/" + ods + "/notes");

        String page = admin.postForm(
                        "/actions/practices/" + ods + "/notes",
                        Map.of("actionNumber", "", "note", "The partners\u0000 agreed at Monday's meeting"))
                .body();

        assertThat(page).contains("The note must not contain control characters");
        assertThat(events(ods)).isZero();
    }

    @Test
    void aControlCharacterInTheNoteOfAChoiceOrTheReasonOfAStopIsRefusedAndNothingIsRecorded() {
        Practice practice = practice();

        assertThatThrownBy(() -> actions.choose(practice, 5, "2024-09-02", "Two clinicians\u001b first", ADMIN))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        e -> assertThat(e.errors())
                                .containsExactly(Map.of(
                                        "field", "note", "message", "The note must not contain control characters")));
        assertThat(events(practice.odsCode())).isZero();

        actions.choose(practice, 5, "2024-09-02", null, ADMIN);
        assertThatThrownBy(
                        () -> actions.stop(practice, 5, "2024-12-02", "Agreed\u0000 locally", EndedHow.STOPPED, ADMIN))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        e -> assertThat(e.errors())
                                .containsExactly(Map.of(
                                        "field",
                                        "reason",
                                        "message",
                                        "The reason must not contain control characters")));
        assertThat(events(practice.odsCode())).as("only the start").isEqualTo(1);
    }

    @Test
    void aControlCharacterBeforeOrAfterAPracticeTextIsRefusedNamingTheFieldNotTrimmedAway() {
        Practice practice = practice();
        actions.choose(practice, 5, "2024-09-02", null, ADMIN);
        // Each of these counts as white space to String.strip(), which would drop it unseen at either end.
        for (String control : List.of("\u000B", "\u000C", "\u001C", "\u001D", "\u001E", "\u001F")) {
            assertThatThrownBy(() -> actions.addNote(practice, null, control + "The partners agreed", ADMIN))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(Map.of(
                                            "field",
                                            "note",
                                            "message",
                                            "The note must not contain control characters")));
            assertThatThrownBy(() -> actions.choose(practice, 6, "2024-09-02", "Two clinicians first" + control, ADMIN))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(Map.of(
                                            "field",
                                            "note",
                                            "message",
                                            "The note must not contain control characters")));
            assertThatThrownBy(() -> actions.stop(
                            practice, 5, "2024-12-02", control + "Agreed locally", EndedHow.STOPPED, ADMIN))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(Map.of(
                                            "field",
                                            "reason",
                                            "message",
                                            "The reason must not contain control characters")));
            assertThatThrownBy(() -> notices.save(
                            practice, control + "Riverside Urgent Treatment Centre", "Thank you" + control, ADMIN))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(
                                            Map.of(
                                                    "field",
                                                    "urgentCare",
                                                    "message",
                                                    "Local urgent care must not contain control characters"),
                                            Map.of(
                                                    "field",
                                                    "message",
                                                    "message",
                                                    "The message must not contain control characters")));
        }
        assertThat(events(practice.odsCode())).as("only the start of action 5").isEqualTo(1);
        assertThat(notices.settings(practice)).isEmpty();
    }

    @Test
    void tabsAndLineBreaksAroundAPracticeTextAreStillTrimmedWithTheSpaces() {
        Practice practice = practice();

        notices.save(practice, "\tRiverside Urgent Treatment Centre\r\n", " Open every day \n\n", ADMIN);
        actions.addNote(practice, null, "\r\nThe partners agreed\t\r\n", ADMIN);

        assertThat(notices.settings(practice))
                .contains(new PatientNotices.Settings("Riverside Urgent Treatment Centre", "Open every day"));
        assertThat(jdbc.sql("select detail from actions.practice_event where ods_code = :ods")
                        .param("ods", practice.odsCode())
                        .query(String.class)
                        .single())
                .isEqualTo("The partners agreed");
    }

    private Practice practice() {
        return practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
    }

    private Http signedIn() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        return admin;
    }

    private long events(String ods) {
        return jdbc.sql("select count(*) from actions.practice_event where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
