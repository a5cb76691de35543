package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every page of a practice's actions checks who is asking, whatever links the page offered. */
@GpActionTest
class PageAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    /** How many pledges one address may send in 15 minutes (GPACTION_ACTIONS_PLEDGES_REQUESTSPERADDRESS). */
    @Value("${gpaction.actions.pledges.requests-per-address:50}")
    int pledgesPerAddress;

    @Test
    void everyPracticePageAnswersOnlyThoseWhoMaySeeOrChangeThePractice() {
        Http api = new Http(port);
        ActionsTestData data = new ActionsTestData(jdbc, api);
        String ods = data.practice();
        assertThat(api.postJson(
                                "/api/practices/" + ods + "/actions",
                                Map.of("actionNumber", 1, "from", "2024-08-05"),
                                data.adminToken())
                        .status())
                .isEqualTo(201);
        String base = "/actions/practices/" + ods;
        List<String> viewPages = List.of(base, base + "/notice");
        List<String> changePages =
                List.of(base + "/choose", base + "/actions/1/stop", base + "/notes", base + "/settings");
        List<String> changePosts = List.of(
                base + "/choose",
                base + "/actions/1/stop",
                base + "/notes",
                base + "/settings",
                base + "/subscription");

        Http otherManager = signedIn(data.practiceManager(data.practice()));
        Http otherOfficer = signedIn(data.lmcOfficer(new ActionsTestData(jdbc, api).lmc));
        Http scrutineer = signedIn(data.staff("SCRUTINEER", List.of(), null));
        for (Http stranger : List.of(otherManager, otherOfficer, scrutineer)) {
            for (String page : concat(viewPages, changePages)) {
                assertThat(stranger.get(page).status()).as(page).isEqualTo(404);
            }
        }
        for (String post : changePosts) {
            otherManager.get("/actions");
            assertThat(otherManager
                            .postForm(post, Map.of("actionNumber", "2", "from", "2024-09-01", "note", "x"))
                            .status())
                    .as(post)
                    .isEqualTo(404);
        }

        Http officer = signedIn(data.lmcOfficer(data.lmc));
        Http receptionist = signedIn(data.staff("RECEPTIONIST", List.of(ods), null));
        for (Http onlyToSee : List.of(officer, receptionist)) {
            for (String page : viewPages) {
                assertThat(onlyToSee.get(page).status()).as(page).isEqualTo(200);
            }
            for (String page : changePages) {
                assertThat(onlyToSee.get(page).status()).as(page).isEqualTo(403);
            }
        }
        // Roles that change no practice's actions are refused before the form is read, whichever practice it names.
        for (Http mayNotChange : List.of(officer, receptionist, otherOfficer, scrutineer)) {
            for (String post : changePosts) {
                mayNotChange.get("/actions");
                Http.Response refused =
                        mayNotChange.postForm(post, Map.of("actionNumber", "2", "from", "2024-09-01", "note", "x"));
                assertThat(refused.status()).as(post).isEqualTo(403);
                assertThat(refused.body())
                        .as("refused before the form is read: " + post)
                        .isEqualTo("Only the practice's managers and administrators can change its actions");
            }
        }
        assertThat(receptionist.get("/actions/uptake").status()).isEqualTo(403);
        assertThat(otherManager.get("/admin/actions/menu").status()).isEqualTo(403);
        assertThat(otherManager.get("/admin/actions/pledges.csv").status()).isEqualTo(403);

        Http manager = signedIn(data.practiceManager(ods));
        for (String page : concat(viewPages, changePages)) {
            assertThat(manager.get(page).status()).as(page).isEqualTo(200);
        }
        assertThat(new Http(port).get(base).status()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from actions.practice_event where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void thePledgeFormSlowsDownAnAddressThatSendsTooMany() {
        Http http = new Http(port);
        String ods = new ActionsTestData(jdbc, http).practice();
        new AttemptsFromHere(jdbc, networks).forget("PLEDGE_REQUEST");
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < pledgesPerAddress + 2; i++) {
            http.get("/support");
            int status = http.postForm(
                            "/support",
                            Map.of(
                                    "name",
                                    "Partner " + i,
                                    "role",
                                    "NURSE_PARTNER",
                                    "odsCode",
                                    ods,
                                    "email",
                                    "flood" + i + "@partners.test"))
                    .status();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).isEqualTo(200);
                accepted++;
            }
        }
        new AttemptsFromHere(jdbc, networks).forget("PLEDGE_REQUEST");
        assertThat(accepted).isEqualTo(pledgesPerAddress);
        assertThat(refused).isEqualTo(2);
        assertThat(http.get("/support/confirm/not-a-real-token").status()).isEqualTo(404);
    }

    Http signedIn(String email) {
        Http http = new Http(port);
        http.signIn(email, ActionsTestData.PASSWORD);
        return http;
    }

    static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
