package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The safe working API's refusals, each sent for real, are each listed for its operation in the OpenAPI document: a
 * script written from the document is not met by an answer it never heard of.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class CapacityApiDocumentedAnswersTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Test
    void eachRefusalOfTheSafeWorkingApiIsDocumentedForItsOperation() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        String ods = data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .ods();
        String manager = data.practiceManagerToken(ods);
        String receptionist = data.receptionistToken(ods);
        String officer = data.token(data.staff("LMC_OFFICER", List.of(), data.lmc));
        String scrutineer = data.token(data.staff("SCRUTINEER", List.of(), null));
        String notSetUp = data.practice(6_000);
        String notSetUpManager = data.practiceManagerToken(notSetUp);
        String elsewhere = data.practiceManagerToken(data.practice(6_000));
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Map<String, Object> oneCap = Map.of("clinicians", List.of(Map.of("id", 1, "cap", 0)));

        Map<String, Set<Integer>> answered = new TreeMap<>();
        String days = "put /api/practices/{ods}/capacity/days/{day}";
        answered(answered, days, http.putJson(daysPath(notSetUp, today), oneCap, notSetUpManager), 409);
        answered(answered, days, http.putJson(daysPath(ods, "not-a-day"), oneCap, manager), 400);
        answered(answered, days, http.putJson(daysPath(ods, today), oneCap, receptionist), 403);
        answered(answered, days, http.putJson(daysPath(ods, today), oneCap, elsewhere), 404);

        String settings = "put /api/practices/{ods}/capacity/settings";
        String settingsPath = "/api/practices/" + ods + "/capacity/settings";
        Map<String, Object> oneGp = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        answered(answered, settings, http.putJson(settingsPath, Map.of(), manager), 400);
        answered(answered, settings, http.putJson(settingsPath, oneGp, receptionist), 403);
        answered(answered, settings, http.putJson(settingsPath, oneGp, elsewhere), 404);
        answered(answered, settings, http.putJson(settingsPath, oneGp, manager, Map.of("If-Match", "\"0\"")), 412);
        answered(answered, settings, http.putJson(settingsPath, "\"" + "x".repeat(300 * 1024) + "\"", manager), 413);

        String capacity = "get /api/practices/{ods}/capacity";
        answered(answered, capacity, http.get("/api/practices/" + notSetUp + "/capacity", notSetUpManager), 409);
        answered(answered, capacity, http.get("/api/practices/" + ods + "/capacity?day=not-a-day", manager), 400);
        answered(answered, capacity, http.get("/api/practices/" + ods + "/capacity", officer), 403);
        answered(answered, capacity, http.get("/api/practices/" + ods + "/capacity", elsewhere), 404);

        String waiting = "get /api/practices/{ods}/waiting-list";
        answered(answered, waiting, http.get("/api/practices/" + ods + "/waiting-list?day=not-a-day", manager), 400);
        answered(answered, waiting, http.get("/api/practices/" + ods + "/waiting-list", officer), 403);
        answered(answered, waiting, http.get("/api/practices/" + ods + "/waiting-list", elsewhere), 404);

        String booking = "post /api/practices/{ods}/waiting-list/{id}/booking";
        answered(
                answered,
                booking,
                http.postJson("/api/practices/" + ods + "/waiting-list/1/booking", Map.of(), officer),
                403);

        String withdrawal = "post /api/practices/{ods}/contacts/{id}/withdrawal";
        long byReception = data.contact(ods, "RECEPTION", "ROUTINE", receptionist)
                .get("id")
                .asLong();
        String withdrawalPath = "/api/practices/" + ods + "/contacts/" + byReception + "/withdrawal";
        answered(answered, withdrawal, http.postJson(withdrawalPath, Map.of(), receptionist), 409);
        answered(answered, withdrawal, http.postJson(withdrawalPath, Map.of(), officer), 403);
        answered(answered, withdrawal, http.postJson(withdrawalPath, Map.of(), elsewhere), 404);

        String pause = "/api/practices/{ods}/front-door/pause";
        String pausePath = "/api/practices/" + ods + "/front-door/pause";
        answered(answered, "post " + pause, http.postJson(pausePath, Map.of(), manager), 400);
        answered(answered, "post " + pause, http.postJson(pausePath, Map.of(), receptionist), 403);
        answered(answered, "post " + pause, http.postJson(pausePath, Map.of(), elsewhere), 404);
        answered(answered, "delete " + pause, http.delete(pausePath, receptionist), 403);

        String demand = "get /api/capacity/demand";
        answered(answered, demand, http.get("/api/capacity/demand?from=not-a-day", manager), 400);
        answered(answered, demand, http.get("/api/capacity/demand", scrutineer), 403);
        answered(answered, demand, http.get("/api/capacity/demand?practice=" + ods, elsewhere), 404);

        JsonNode paths = http.get("/api/openapi.json").json().get("paths");
        Map<String, Set<Integer>> undocumented = new TreeMap<>();
        answered.forEach((operation, statuses) -> {
            String[] methodAndPath = operation.split(" ", 2);
            JsonNode responses =
                    paths.path(methodAndPath[1]).path(methodAndPath[0]).path("responses");
            assertThat(responses.isMissingNode()).as(operation).isFalse();
            statuses.stream()
                    .filter(status -> !responses.has(String.valueOf(status)))
                    .forEach(status -> undocumented
                            .computeIfAbsent(operation, o -> new TreeSet<>())
                            .add(status));
        });
        assertThat(undocumented).as("answered but not in the OpenAPI document").isEmpty();
    }

    private static String daysPath(String ods, Object day) {
        return "/api/practices/" + ods + "/capacity/days/" + day;
    }

    /** Checks the answer is the refusal meant, so that the document is compared with what the API really says. */
    private static void answered(
            Map<String, Set<Integer>> answered, String operation, Http.Response response, int status) {
        assertThat(response.status()).as(operation + ": " + response.body()).isEqualTo(status);
        answered.computeIfAbsent(operation, o -> new TreeSet<>()).add(status);
    }
}
