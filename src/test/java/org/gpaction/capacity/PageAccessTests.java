package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every safe working page, for every kind of visitor: who sees it, who may change things, who is turned away. */
@GpActionTest
class PageAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    ApplicationContext context;

    @Test
    void eachPageAnswersOnlyThosePermittedAndChangesNothingForOthers() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practiceSetUpWith(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 5, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        String other = data.practice(6_000);

        Http manager = signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        Http receptionist = signedIn(data.staff("RECEPTIONIST", List.of(ods), null));
        Http otherManager = signedIn(data.staff("PRACTICE_MANAGER", List.of(other), null));
        Http officer = signedIn(data.staff("LMC_OFFICER", List.of(), data.lmc));
        Http scrutineer = signedIn(data.staff("SCRUTINEER", List.of(), null));
        Http anonymous = new Http(port);

        String base = "/safe-working/" + ods;
        List<String> practicePages = List.of(base, base + "/live", base + "/waiting-list");
        List<String> evidencePages =
                List.of(base + "/evidence", base + "/evidence.csv", base + "/evidence/pack", base + "/alert-state");

        for (String page : practicePages) {
            assertThat(manager.get(page).status()).as(page).isEqualTo(200);
            assertThat(receptionist.get(page).status()).as(page).isEqualTo(200);
            assertThat(otherManager.get(page).status()).as(page).isEqualTo(404);
            assertThat(scrutineer.get(page).status()).as(page).isEqualTo(404);
            assertThat(officer.get(page).status())
                    .as("LMC officers see counts, not the board: " + page)
                    .isEqualTo(403);
            assertThat(anonymous.get(page).status()).as(page).isEqualTo(302);
        }
        for (String page : evidencePages) {
            assertThat(manager.get(page).status()).as(page).isEqualTo(200);
            assertThat(receptionist.get(page).status()).as(page).isEqualTo(200);
            assertThat(officer.get(page).status()).as(page).isEqualTo(200);
            assertThat(otherManager.get(page).status()).as(page).isEqualTo(404);
            assertThat(scrutineer.get(page).status()).as(page).isEqualTo(404);
        }
        assertThat(manager.get(base + "/setup").status()).isEqualTo(200);
        assertThat(receptionist.get(base + "/setup").status()).isEqualTo(403);
        assertThat(otherManager.get(base + "/setup").status()).isEqualTo(404);
        assertThat(manager.get(base + "/day-caps").status()).isEqualTo(200);
        assertThat(receptionist.get(base + "/day-caps").status()).isEqualTo(403);
        assertThat(otherManager.get(base + "/day-caps").status()).isEqualTo(404);
        assertThat(officer.get(base + "/day-caps").status()).isEqualTo(403);

        receptionist.get(base);
        assertThat(receptionist
                        .postForm(base + "/setup", Map.of("c0.label", "Hijack", "whenFull", "CLOSE"))
                        .status())
                .isEqualTo(403);
        assertThat(receptionist
                        .postForm(base + "/pause", Map.of("hours", "4", "reason", "x"))
                        .status())
                .isEqualTo(403);
        otherManager.get("/safe-working");
        assertThat(otherManager
                        .postForm(base + "/requests", Map.of("kind", "ROUTINE"))
                        .status())
                .isEqualTo(404);
        officer.get("/safe-working");
        assertThat(officer.postForm(base + "/requests", Map.of("kind", "ROUTINE"))
                        .status())
                .isEqualTo(403);
        assertThat(anonymous
                        .postFormExactly(base + "/requests", Map.of("kind", "ROUTINE"))
                        .status())
                .as("not signed in: sent to sign in, the form unread")
                .isEqualTo(302);
        assertThat(count(ods)).as("nothing was recorded by those refused").isZero();

        assertThat(receptionist
                        .postForm(base + "/requests", Map.of("kind", "ROUTINE"))
                        .status())
                .isEqualTo(302);
        assertThat(count(ods)).isEqualTo(1);
        assertThat(jdbc.sql("select label from capacity.clinician where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .containsExactly("GP 1");

        assertThat(scrutineer.get("/safe-working/evidence").status()).isEqualTo(403);
        assertThat(officer.get("/safe-working/evidence").status()).isEqualTo(200);
        assertThat(officer.get("/safe-working/evidence?lmc=Someone%20Else").status())
                .isEqualTo(403);
    }

    @Test
    void theFrontDoorTakesOnlyAFewRequestsFromOneConnection() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practiceSetUpWith(CapacityTestData.settings(
                        // Two GPs: the practice's own ceiling (16 in 10 minutes) is above one connection's 10.
                        List.of(
                                CapacityTestData.clinician("GP 1", 25, CapacityTestData.EVERY_DAY),
                                CapacityTestData.clinician("GP 2", 25, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        Http patient = new Http(port);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 15; i++) {
            patient.get("/p/" + ods);
            int status =
                    patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status();
            if (status == 302) {
                accepted++;
            } else if (status == 429) {
                refused++;
            }
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(refused).isEqualTo(5);
        assertThat(count(ods)).as("only the admitted requests used contacts").isEqualTo(10);
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
    }

    @Test
    void forgettingTheFrontDoorsTriesFromHereLetsThatAddressSendAnotherRequest() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practiceSetUpWith(CapacityTestData.settings(
                        // Two GPs: the practice's own ceiling (16 in 10 minutes) is above one connection's 10.
                        List.of(
                                CapacityTestData.clinician("GP 1", 25, CapacityTestData.EVERY_DAY),
                                CapacityTestData.clinician("GP 2", 25, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        Http patient = new Http(port);
        for (int i = 0; i < 10; i++) {
            patient.get("/p/" + ods);
            assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                    .as("request " + (i + 1))
                    .isEqualTo(302);
        }
        patient.get("/p/" + ods);
        assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                .as("the eleventh request in ten minutes")
                .isEqualTo(429);

        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        patient.get("/p/" + ods);
        assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                .as("the address's requests to the practice forgotten, it may send one more")
                .isEqualTo(302);
        assertThat(count(ods)).isEqualTo(11);
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
    }

    Http signedIn(String email) {
        Http http = new Http(port);
        assertThat(http.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        return http;
    }

    long count(String ods) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
