package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
