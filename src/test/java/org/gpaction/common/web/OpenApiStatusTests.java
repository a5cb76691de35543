package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gpaction.common.GpActionProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document gives each write the status it answers with, each lookup its 404 and its schema, and each
 * refusal the problem document it answers with; it names the site's own address as the API's server.
 */
@GpActionTest
class OpenApiStatusTests {

    @LocalServerPort
    int port;

    @Autowired
    GpActionProperties app;

    @Test
    void theApiServerIsTheSitesOwnAddressWhateverSiteTheRequestNames() {
        String site = app.baseUrl().toString().replaceFirst("/+$", "");
        for (Map<String, String> claims : List.of(
                Map.<String, String>of(),
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "elsewhere.example"),
                Map.of("X-Forwarded-Port", "8443"))) {
            Http.Response api = Http.getNamingHost(port, "/api/openapi.json", "elsewhere.example", claims);
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json().get("servers").get(0).get("url").asString())
                    .as("to a request naming elsewhere.example and claiming %s", claims)
                    .isEqualTo(site);
        }
    }

    @Test
    void eachWriteIsDocumentedWithTheSuccessStatusItAnswersWithNotAGeneric200() {
        JsonNode paths = new Http(port).get("/api/openapi.json").json().get("paths");
        Map<String, String> writes = Map.ofEntries(
                Map.entry("post /api/ballots", "201"),
                Map.entry("post /api/ballots/{id}/roll", "204"),
                Map.entry("post /api/ballots/replacement-requests", "202"),
                Map.entry("post /api/capacity/bank-holidays", "201"),
                Map.entry("delete /api/capacity/bank-holidays/{day}", "204"),
                Map.entry("post /api/events", "201"),
                Map.entry("post /api/ballots/{id}/reminders", "201"),
                Map.entry("post /api/insights/imports", "201"),
                Map.entry("post /api/practices/imports", "201"));
        writes.forEach((operation, status) -> {
            JsonNode responses = responses(paths, operation);
            assertThat(responses.has(status)).as(operation + ": " + responses).isTrue();
            assertThat(responses.has("200")).as(operation + ": " + responses).isFalse();
        });
    }

    @Test
    void eachLookupIsDocumentedWithItsSchemaAndItsProblemDocumentFor404() {
        JsonNode paths = new Http(port).get("/api/openapi.json").json().get("paths");
        Map<String, String> lookups = Map.of(
                "get /api/practices/{odsCode}", "PracticeDetails",
                "get /api/members/{membershipNumber}", "Member",
                "get /api/members/{membershipNumber}/eligibility", "EligibilityView",
                "get /api/insights/pressures/{kind}/{code}", "PressuresView",
                "get /api/insights/funding", "FundingView",
                "get /api/insights/imports/{id}", "InsightsImportRun",
                "get /api/practices/imports/{id}", "PracticeImportRun",
                "get /api/ballots/{id}/certification", "CertificateView");
        lookups.forEach((operation, schema) -> {
            JsonNode responses = responses(paths, operation);
            assertThat(responses.get("200").toString())
                    .as(operation + ": " + responses)
                    .contains("#/components/schemas/" + schema + "\"");
            assertThat(responses.has("404")).as(operation + ": " + responses).isTrue();
            assertThat(responses.get("404").get("content").has("application/problem+json"))
                    .as(operation + ": " + responses)
                    .isTrue();
        });
    }

    @Test
    void theRefusalsOfUndoingARequestAndReadingTheSettingsAreDocumented() {
        JsonNode paths = new Http(port).get("/api/openapi.json").json().get("paths");
        JsonNode undo = responses(paths, "delete /api/practices/{ods}/contacts/{id}");
        assertThat(undo.propertyNames()).as(undo.toString()).contains("204", "403", "404", "409");
        JsonNode settings = responses(paths, "get /api/practices/{ods}/capacity/settings");
        assertThat(settings.propertyNames()).as(settings.toString()).contains("200", "403", "404");
        assertThat(settings.get("200").toString()).contains("#/components/schemas/SetupView\"");
    }

    @Test
    void aPauseOfTheFrontDoorIsDocumentedAsReplacingThePauseInForce() {
        JsonNode paths = new Http(port).get("/api/openapi.json").json().get("paths");
        JsonNode pause = responses(paths, "post /api/practices/{ods}/front-door/pause");
        assertThat(pause.get("201").get("description").asString())
                .isEqualTo("Paused from now until the time given. A pause in force is replaced by this one: it ends"
                        + " now, and the set-up log says it was replaced, by whom, when and by which pause");
    }

    @Test
    void theRefusalsOfChangingDisablingAndEnablingAStaffAccountAreDocumented() {
        JsonNode paths = new Http(port).get("/api/openapi.json").json().get("paths");
        JsonNode change = responses(paths, "put /api/staff/{id}");
        assertThat(change.propertyNames()).as(change.toString()).contains("200", "400", "403", "404", "409");
        JsonNode disable = responses(paths, "post /api/staff/{id}/disable");
        assertThat(disable.propertyNames()).as(disable.toString()).contains("200", "400", "403", "404", "409");
        JsonNode enable = responses(paths, "post /api/staff/{id}/enable");
        assertThat(enable.propertyNames()).as(enable.toString()).contains("200", "403", "404");
        for (JsonNode responses : java.util.List.of(change, disable, enable)) {
            assertThat(responses.get("200").toString()).contains("#/components/schemas/StaffView\"");
            assertThat(responses.get("404").get("content").has("application/problem+json"))
                    .as(responses.toString())
                    .isTrue();
        }
    }

    @Test
    void theMembersImportIsDocumentedAsItAnswers_200WithItsCountsOr400ListingTheProblems() {
        JsonNode document = new Http(port).get("/api/openapi.json").json();
        JsonNode operation = document.get("paths").get("/api/members/imports").get("post");
        assertThat(operation.get("summary")).as(operation.toString()).isNotNull();
        assertThat(operation.get("requestBody").get("content").has("text/csv"))
                .as(operation.toString())
                .isTrue();
        JsonNode responses = operation.get("responses");
        assertThat(responses.propertyNames()).as(responses.toString()).contains("200", "400", "403", "413");
        assertThat(responses.get("200").toString()).contains("#/components/schemas/MemberImportResult\"");
        assertThat(responses.get("400").get("content").has("application/problem+json"))
                .as(responses.toString())
                .isTrue();
        assertThat(document.get("components")
                        .get("schemas")
                        .get("MemberImportResult")
                        .get("properties")
                        .propertyNames())
                .containsExactlyInAnyOrder("importId", "rowsRead", "created", "updated", "unchanged");
        // Both records were called Result, and one schema of that name described both answers.
        String results = responses(document.get("paths"), "get /api/ballots/{id}/results")
                .get("200")
                .toString();
        String schema = results.replaceAll(".*#/components/schemas/([A-Za-z]+)\".*", "$1");
        assertThat(document.get("components")
                        .get("schemas")
                        .get(schema)
                        .get("properties")
                        .propertyNames())
                .as(results)
                .contains("options")
                .doesNotContain("importId");
    }

    @Test
    void aBallotsTimesAreDocumentedAsWholeMinutes_andAStoredTimeAsTakenBackUnchanged() {
        JsonNode document = new Http(port).get("/api/openapi.json").json();
        JsonNode request = schema(
                document,
                document.get("paths")
                        .get("/api/ballots")
                        .get("post")
                        .get("requestBody")
                        .toString());
        JsonNode view = schema(
                document,
                responses(document.get("paths"), "get /api/ballots/{id}")
                        .get("200")
                        .toString());
        for (JsonNode schema : List.of(request, view)) {
            for (String time : List.of("opensAt", "closesAt", "rollCutoff")) {
                JsonNode property = schema.get("properties").get(time);
                assertThat(property.path("description").asString(""))
                        .as(time + ": " + property)
                        .contains("whole minute")
                        .contains("unchanged");
            }
        }
    }

    @Test
    void theSharesBesideTheThresholdsSayExactlyHowTheyStandToTheResultsOwn() {
        JsonNode document = new Http(port).get("/api/openapi.json").json();
        JsonNode result = schema(
                document,
                responses(document.get("paths"), "get /api/ballots/{id}/results")
                        .get("200")
                        .toString());
        JsonNode thresholds =
                schema(document, result.get("properties").get("thresholds").toString());
        assertThat(thresholds
                        .get("properties")
                        .get("turnoutPercentOfEntitled")
                        .path("description")
                        .asString(""))
                .contains("can be 0.1 below turnoutPercent");
        assertThat(thresholds
                        .get("properties")
                        .get("yesPercentOfEntitled")
                        .path("description")
                        .asString(""))
                .doesNotContain("0.1 below")
                .contains("stated nowhere else");
    }

    /** The schema the first reference in {@code referring} names. */
    private static JsonNode schema(JsonNode document, String referring) {
        String name = referring.replaceAll("(?s).*?#/components/schemas/([A-Za-z]+)\".*", "$1");
        JsonNode schema = document.get("components").get("schemas").get(name);
        assertThat(schema).as(referring).isNotNull();
        return schema;
    }

    @Test
    void theFrontDoorsTakesRequestsIsDeprecatedInFavourOfOpen() {
        JsonNode properties = new Http(port)
                .get("/api/openapi.json")
                .json()
                .get("components")
                .get("schemas")
                .get("FrontDoor")
                .get("properties");
        assertThat(properties.get("takesRequests").path("deprecated").asBoolean(false))
                .as(properties.get("takesRequests").toString())
                .isTrue();
        assertThat(properties.get("takesRequests").path("description").asString(""))
                .contains("same as open", "read open");
        assertThat(properties.get("open").path("deprecated").asBoolean(false)).isFalse();
    }

    @Test
    void theTwoModulesImportRunsAreTwoSchemasEachWithItsOwnFields() {
        JsonNode schemas =
                new Http(port).get("/api/openapi.json").json().get("components").get("schemas");
        assertThat(schemas.get("PracticeImportRun").get("properties").propertyNames())
                .contains("created", "updated", "unchanged", "skipped", "outcome");
        assertThat(schemas.get("InsightsImportRun").get("properties").propertyNames())
                .contains("period", "rowsKept", "replaced");
    }

    @Test
    void castingAVoteDocumentsTheRetryAfterItSendsWithTooManyUnknownLinks() {
        JsonNode tooMany = new Http(port)
                .get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/vote")
                .get("post")
                .get("responses")
                .get("429");
        assertThat(tooMany.path("headers")
                        .path("Retry-After")
                        .path("schema")
                        .path("type")
                        .asString())
                .as(tooMany.toString())
                .isEqualTo("integer");
    }

    @Test
    void everyRefusalIsDocumentedWithTheProblemDocumentItAnswers() {
        JsonNode document = new Http(port).get("/api/openapi.json").json();
        // The front door answers practices' own websites plain JSON; registration's problem has fields of its own.
        Map<String, String> answeredOtherwise = Map.of(
                "get /api/practices/{ods}/front-door 404", "application/json FrontDoorRefusal",
                "get /api/practices/{ods}/front-door 429", "application/json FrontDoorRefusal",
                "post /api/events/{id}/registrations 400", "application/problem+json RegistrationProblem",
                "post /api/events/{id}/registrations 429", "application/problem+json RegistrationProblem");
        Map<String, String> refusals = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response :
                        method.getValue().path("responses").properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        refusals.put(
                                method.getKey() + " " + path.getKey() + " " + response.getKey(),
                                content(document, response.getValue()));
                    }
                }
            }
        }

        assertThat(refusals).hasSizeGreaterThan(50).containsAllEntriesOf(answeredOtherwise);
        assertThat(refusals.entrySet().stream()
                        .filter(refusal -> !answeredOtherwise.containsKey(refusal.getKey()))
                        .filter(refusal -> !refusal.getValue().equals("application/problem+json ProblemDetail"))
                        .map(Map.Entry::toString))
                .as("refusals not documented as application/problem+json ProblemDetail")
                .isEmpty();
        assertThat(document.get("components")
                        .get("schemas")
                        .get("ProblemDetail")
                        .get("properties")
                        .propertyNames())
                .contains("type", "title", "status", "detail", "instance");
    }

    /** A response's media types, each with its schema's name (or the schema, if it is not named), a shared one read. */
    private static String content(JsonNode document, JsonNode response) {
        if (response.has("$ref")) {
            String name = response.get("$ref").asString().replace("#/components/responses/", "");
            return content(document, document.get("components").get("responses").get(name));
        }
        List<String> media = new ArrayList<>();
        for (Map.Entry<String, JsonNode> type : response.path("content").properties()) {
            JsonNode schema = type.getValue().path("schema");
            media.add(type.getKey() + " "
                    + (schema.has("$ref")
                            ? schema.get("$ref").asString().replace("#/components/schemas/", "")
                            : schema.toString()));
        }
        return media.isEmpty() ? "no content" : String.join(", ", media);
    }

    private static JsonNode responses(JsonNode paths, String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode path = paths.get(methodAndPath[1]);
        assertThat(path).as(methodAndPath[1]).isNotNull();
        JsonNode method = path.get(methodAndPath[0]);
        assertThat(method).as(operation).isNotNull();
        return method.get("responses");
    }
}
