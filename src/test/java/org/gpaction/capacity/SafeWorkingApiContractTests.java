package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safe working API as other systems are written against it: every answer keeps the exact shape it was first
 * published with (names, types, nulls and absent fields, status codes), recorded in {@code capacity/api-answers.json}
 * and compared field by field.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class SafeWorkingApiContractTests {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@capacity\\.test");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @Test
    void everyAnswerKeepsTheShapeOtherSystemsAreWrittenAgainst() throws IOException {
        Map<String, Answer> answers = aDayAtAPracticeThroughTheApi();
        ObjectNode served = JsonNodeFactory.instance.objectNode();
        answers.forEach((name, answer) -> served.set(name, answer.normalised()));
        Path written = Path.of("target", "capacity-api-answers.json");
        Files.createDirectories(written.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), served);

        JsonNode published;
        try (InputStream in = getClass().getResourceAsStream("/capacity/api-answers.json")) {
            assertThat(in)
                    .as("the published answers, capacity/api-answers.json")
                    .isNotNull();
            published = json.readTree(in);
        }
        assertThat(served.propertyNames()).containsExactlyInAnyOrderElementsOf(published.propertyNames());
        for (String name : published.propertyNames()) {
            assertThat(served.get(name))
                    .as("%s, as served now (all answers in %s); its shape must not change", name, written)
                    .isEqualTo(published.get(name));
        }
    }

    @Test
    void everyAnswerServedIsDescribedByItsSchemaInTheOpenApiDocument() throws IOException {
        JsonNode document = http.get("/api/openapi.json").json();
        Path written = Path.of("target", "openapi.json");
        Files.createDirectories(written.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), document);
        List<String> problems = new ArrayList<>();
        aDayAtAPracticeThroughTheApi().forEach((name, answer) -> {
            JsonNode operation = document.path("paths")
                    .path(answer.path())
                    .path(answer.method().toLowerCase());
            JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
            if (response.isMissingNode()) {
                problems.add(name + ": status " + answer.status() + " is not in the document");
            } else if (answer.body() != null) {
                JsonNode schema = jsonSchema(response);
                if (schema == null) {
                    problems.add(name + ": no schema for its " + answer.status() + " answer");
                } else {
                    new Conformance(document, problems).check(answer.body(), schema, name);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theOpenApiDocumentNamesEachFieldOfTheAnswersWithItsType() {
        Schemas schemas = new Schemas(http.get("/api/openapi.json").json());

        JsonNode contact = schemas.response("/api/practices/{ods}/contacts", "post", 201);
        assertThat(contact.path("discriminator").path("propertyName").asString())
                .isEqualTo("outcome");
        assertThat(contact.path("oneOf")).hasSize(3);
        JsonNode booked = schemas.outcome(contact, "BOOKED");
        assertThat(schemas.types(booked, "id", "outcome", "contactNumber", "cap", "counted"))
                .containsExactly("integer", "string", "integer", "integer", "boolean");
        assertThat(schemas.types(schemas.property(booked, "clinician"), "id", "label"))
                .containsExactly("integer", "string");
        JsonNode diverted = schemas.outcome(contact, "DIVERTED");
        assertThat(schemas.types(diverted, "id", "outcome", "reason", "signposts"))
                .containsExactly("integer", "string", "string", "array");
        assertThat(schemas.types(
                        schemas.items(diverted, "signposts"), "name", "kind", "phone", "openUntil", "openUntilDay"))
                .containsExactly("string", "string", "string", "string", "string:date");
        JsonNode waitlisted = schemas.outcome(contact, "WAITLISTED");
        assertThat(schemas.types(waitlisted, "id", "outcome", "forDay", "signposts"))
                .containsExactly("integer", "string", "string:date", "array");

        JsonNode capacity = schemas.response("/api/practices/{ods}/capacity", "get", 200);
        assertThat(schemas.types(
                        capacity,
                        "day",
                        "status",
                        "clinicians",
                        "booked",
                        "diverted",
                        "waitlisted",
                        "remaining",
                        "reopensAt"))
                .containsExactly(
                        "string:date",
                        "string",
                        "array",
                        "integer",
                        "integer",
                        "integer",
                        "integer",
                        "string:date-time");
        assertThat(schemas.types(schemas.items(capacity, "clinicians"), "id", "label", "cap", "used"))
                .containsExactly("integer", "string", "integer", "integer");

        JsonNode door = schemas.response("/api/practices/{ods}/front-door", "get", 200);
        assertThat(schemas.types(door, "open", "reopensAt")).containsExactly("boolean", "string:date-time");

        JsonNode demand = schemas.response("/api/capacity/demand", "get", 200);
        assertThat(schemas.types(demand, "from", "to", "scope", "days"))
                .containsExactly("string:date", "string:date", "string", "array");
        assertThat(schemas.types(schemas.items(demand, "days"), "day", "requests", "booked", "diverted", "waitlisted"))
                .containsExactly("string:date", "integer", "integer", "integer", "integer");

        JsonNode day = schemas.response("/api/practices/{ods}/capacity/days/{day}", "put", 200);
        assertThat(schemas.types(schemas.items(day, "clinicians"), "id", "requestedCap", "cap"))
                .containsExactly("integer", "integer", "integer");

        JsonNode setUp = schemas.response("/api/practices/{ods}/capacity/settings", "get", 200);
        assertThat(schemas.types(
                        setUp,
                        "clinicians",
                        "coreHours",
                        "countAdmin",
                        "urgentReserve",
                        "whenFull",
                        "icbAgreedClosureOn",
                        "onlineConsultationUrl",
                        "signposts"))
                .containsExactly("array", "object", "boolean", "integer", "string", "string:date", "string", "array");
        assertThat(schemas.types(schemas.items(setUp, "clinicians"), "id", "label", "role", "dailyCap", "workingDays"))
                .containsExactly("integer", "string", "string", "integer", "array");

        JsonNode waitingList = schemas.response("/api/practices/{ods}/waiting-list", "get", 200);
        assertThat(schemas.types(waitingList, "day", "carriedFrom", "requests", "carried"))
                .containsExactly("string:date", "string:date", "array", "array");
        assertThat(schemas.types(
                        schemas.items(waitingList, "requests"), "id", "receivedAt", "channel", "kind", "forDay"))
                .containsExactly("integer", "string:date-time", "string", "string", "string:date");
        assertThat(schemas.types(
                        schemas.items(waitingList, "carried"), "id", "receivedAt", "channel", "kind", "forDay"))
                .containsExactly("integer", "string:date-time", "string", "string", "string:date");
    }

    /**
     * A practice is counted as full before 10:00 by the application's clock, UK time: on the working morning the other
     * tests run on, one full at 09:30 counts and one full at 10:30 does not.
     */
    @Test
    void aPracticeFullBeforeTenCountsAsFullBefore10AndOneFullAfterTenDoesNot() {
        clock.moveTo(CapacityTestData.A_WORKING_MORNING.minus(30, ChronoUnit.MINUTES));
        CapacityTestData.SafeWorkingPractice early = fullPractice();
        clock.moveTo(CapacityTestData.A_WORKING_MORNING.plus(30, ChronoUnit.MINUTES));
        CapacityTestData.SafeWorkingPractice late = fullPractice();

        assertThat(fullBefore10(early)).isEqualTo(1);
        assertThat(fullBefore10(late)).isZero();
    }

    /** A practice with room for one contact, which a booking fills and an online request then finds full. */
    private CapacityTestData.SafeWorkingPractice fullPractice() {
        CapacityTestData.SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken());
        assertThat(data.contact(practice.ods(), "ONLINE", "ROUTINE", practice.managerToken())
                        .get("outcome")
                        .asString())
                .isEqualTo("DIVERTED");
        return practice;
    }

    private int fullBefore10(CapacityTestData.SafeWorkingPractice practice) {
        JsonNode days = http.get("/api/capacity/demand?practice=" + practice.ods(), practice.managerToken())
                .json()
                .get("days");
        assertThat(days).as("the one day the practice recorded").hasSize(1);
        return days.get(0).get("practicesFullBefore10").asInt();
    }

    /** The JSON schema of a response, whatever JSON media type it is listed under. */
    static JsonNode jsonSchema(JsonNode response) {
        for (Map.Entry<String, JsonNode> media : response.path("content").properties()) {
            if (media.getKey().contains("json") || media.getKey().equals("*/*")) {
                return media.getValue().get("schema");
            }
        }
        return null;
    }

    /** Reads schemas out of the document, following references. */
    record Schemas(JsonNode document) {

        JsonNode resolve(JsonNode schema) {
            JsonNode at = schema;
            while (at != null && at.has("$ref")) {
                String name = at.get("$ref").asString().replace("#/components/schemas/", "");
                at = document.path("components").path("schemas").get(name);
                assertThat(at).as("schema %s", name).isNotNull();
            }
            return at;
        }

        JsonNode response(String path, String method, int status) {
            JsonNode response = document.path("paths").path(path).path(method).path("responses");
            JsonNode schema = jsonSchema(response.path(String.valueOf(status)));
            assertThat(schema)
                    .as("%s %s answers %s with a JSON schema", method, path, status)
                    .isNotNull();
            return resolve(schema);
        }

        JsonNode outcome(JsonNode oneOf, String value) {
            JsonNode mapped = oneOf.path("discriminator").path("mapping").get(value);
            assertThat(mapped).as("the discriminator maps %s", value).isNotNull();
            return resolve(JsonNodeFactory.instance.objectNode().put("$ref", mapped.asString()));
        }

        JsonNode property(JsonNode object, String name) {
            JsonNode property = object.path("properties").get(name);
            assertThat(property).as("property %s of %s", name, object).isNotNull();
            return resolve(property);
        }

        JsonNode items(JsonNode object, String name) {
            return resolve(property(object, name).get("items"));
        }

        /** Each property's type, with its format for dates and times: "string:date". */
        List<String> types(JsonNode object, String... names) {
            List<String> types = new ArrayList<>();
            for (String name : names) {
                JsonNode property = property(object, name);
                String type = Conformance.types(property).stream()
                        .filter(t -> !t.equals("null"))
                        .findFirst()
                        .orElse("none");
                String format = property.path("format").asString("");
                types.add(format.startsWith("date") ? type + ":" + format : type);
            }
            return types;
        }
    }

    /**
     * Whether a JSON value is one its schema describes: every field served is a documented property of the type
     * served, every required property is there, and null only where the schema allows it.
     */
    record Conformance(JsonNode document, List<String> problems) {

        static List<String> types(JsonNode schema) {
            List<String> types = new ArrayList<>();
            JsonNode type = schema.get("type");
            if (type != null && type.isArray()) {
                type.forEach(t -> types.add(t.asString()));
            } else if (type != null) {
                types.add(type.asString());
            }
            if (schema.path("nullable").asBoolean(false)) {
                types.add("null");
            }
            return types;
        }

        void check(JsonNode value, JsonNode reference, String where) {
            JsonNode schema = new Schemas(document).resolve(reference);
            if (schema.has("oneOf")) {
                String by = schema.path("discriminator").path("propertyName").asString("");
                JsonNode mapped = schema.path("discriminator")
                        .path("mapping")
                        .get(value.path(by).asString(""));
                if (mapped == null) {
                    problems.add(where + ": " + by + " " + value.path(by) + " maps to no schema");
                } else {
                    check(value, JsonNodeFactory.instance.objectNode().put("$ref", mapped.asString()), where);
                }
                return;
            }
            List<String> types = types(schema);
            if (value.isNull()) {
                if (!types.contains("null")) {
                    problems.add(where + ": null, where the schema allows " + types);
                }
                return;
            }
            String served = value.isObject()
                    ? "object"
                    : value.isArray()
                            ? "array"
                            : value.isIntegralNumber()
                                    ? "integer"
                                    : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "string";
            boolean typed = types.contains(served) || (served.equals("integer") && types.contains("number"));
            if (!typed) {
                problems.add(where + ": " + served + " " + value + ", where the schema says " + types);
                return;
            }
            if (value.isObject()) {
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    JsonNode property = properties.get(field.getKey());
                    if (property == null && additional != null && additional.isObject()) {
                        property = additional;
                    }
                    if (property == null) {
                        problems.add(where + "." + field.getKey() + ": served but not in the document");
                    } else {
                        check(field.getValue(), property, where + "." + field.getKey());
                    }
                }
                schema.path("required").forEach(required -> {
                    if (!value.has(required.asString())) {
                        problems.add(where + "." + required.asString() + ": required but not served");
                    }
                });
            } else if (value.isArray()) {
                int i = 0;
                for (JsonNode item : value) {
                    check(item, schema.get("items"), where + "[" + i++ + "]");
                }
            } else if (schema.has("enum")) {
                List<String> allowed = new ArrayList<>();
                schema.get("enum").forEach(e -> allowed.add(e.asString()));
                if (!allowed.contains(value.asString())) {
                    problems.add(where + ": " + value + " is not one of " + allowed);
                }
            } else if ("date".equals(schema.path("format").asString(""))
                    && !DATE.matcher(value.asString()).matches()) {
                problems.add(where + ": " + value + " is not a date");
            } else if ("date-time".equals(schema.path("format").asString(""))
                    && !INSTANT.matcher(value.asString()).matches()) {
                problems.add(where + ": " + value + " is not a date-time");
            }
        }
    }

    /** What an answer is called in the published file, with where it came from. */
    record Answer(String method, String path, int status, JsonNode body, String odsCode) {

        JsonNode normalised() {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("status", status);
            answer.set("body", body == null ? null : normalise(body, null, odsCode));
            return answer;
        }
    }

    /**
     * Values that differ from run to run are replaced by what they are: ids, practice codes, e-mail addresses, dates and
     * instants. Everything else (names, types, nulls, enum values, counts, how numbers are written) is kept as served.
     */
    static JsonNode normalise(JsonNode node, String field, String odsCode) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), normalise(e.getValue(), e.getKey(), odsCode));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(normalise(item, field, odsCode)));
            return out;
        }
        if (("id".equals(field) || "servedFrom".equals(field)) && node.isIntegralNumber()) {
            return JsonNodeFactory.instance.stringNode("<id>");
        }
        if (node.isString()) {
            String text = node.asString();
            if (DATE.matcher(text).matches()) {
                return JsonNodeFactory.instance.stringNode("<date>");
            }
            if (INSTANT.matcher(text).matches()) {
                return JsonNodeFactory.instance.stringNode("<instant>");
            }
            return JsonNodeFactory.instance.stringNode(
                    EMAIL.matcher(text.replace(odsCode, "<ods>")).replaceAll("<email>"));
        }
        return node;
    }

    /**
     * One practice through every shape an answer takes: a booking counted against a cap and one not counted, a
     * diversion, the waiting list, the day open, full and closed, the front door open, full and unknown, a day's cap
     * changed, a pause, the day's demand, an undo, and a patient booked from the waiting list and the list after; then
     * the front door of another practice, full and staying open, and a request to a third before action 1 is in force
     * on a day none of its clinicians works, with that day.
     */
    Map<String, Answer> aDayAtAPracticeThroughTheApi() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        data.takeActionOne(ods, manager);
        Map<String, Answer> answers = new LinkedHashMap<>();
        String settingsPath = "/api/practices/" + ods + "/capacity/settings";

        Map<String, Object> settings = settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0);
        settings.put("countAdmin", false);
        settings.put("signposts", signposts());
        answers.put("settings saved", send(ods, "PUT", settingsPath, http.putJson(settingsPath, settings, manager)));
        answers.put("settings read", send(ods, "GET", settingsPath, http.get(settingsPath, manager)));
        long gp = answers.get("settings read")
                .body()
                .get("clinicians")
                .get(0)
                .get("id")
                .asLong();

        String door = "/api/practices/" + ods + "/front-door";
        String capacity = "/api/practices/" + ods + "/capacity";
        String contacts = "/api/practices/" + ods + "/contacts";
        answers.put("front door open", send(ods, "GET", door, http.get(door)));
        answers.put("capacity open", send(ods, "GET", capacity, http.get(capacity, manager)));
        answers.put("contact booked", contact(ods, contacts, "RECEPTION", "ROUTINE", manager));
        answers.put("contact booked but not counted", contact(ods, contacts, "RECEPTION", "ADMIN", manager));
        answers.put("contact diverted", contact(ods, contacts, "ONLINE", "ROUTINE", manager));
        answers.put("contact waitlisted", contact(ods, contacts, "RECEPTION", "ROUTINE", manager));
        answers.put("capacity full", send(ods, "GET", capacity, http.get(capacity, manager)));
        String holiday = capacity + "?day=2027-12-27";
        answers.put("capacity on a bank holiday", send(ods, "GET", capacity, http.get(holiday, manager)));
        answers.put("front door full", send(ods, "GET", door, http.get(door)));
        String unknown = "/api/practices/ZZ9999/front-door";
        answers.put("front door unknown", send(ods, "GET", door, http.get(unknown)));
        answers.put("front door full, staying open", fullStayingOpen());
        answers.putAll(nobodyAtWorkBeforeActionOne());

        String today = answers.get("capacity full").body().get("day").asString();
        String dayPath = "/api/practices/" + ods + "/capacity/days/" + today;
        answers.put(
                "day's caps changed",
                send(
                        ods,
                        "PUT",
                        "/api/practices/" + ods + "/capacity/days/{day}",
                        http.putJson(dayPath, Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0))), manager)));
        String pause = "/api/practices/" + ods + "/front-door/pause";
        Map<String, String> pauseBody =
                Map.of("until", clock.instant().plus(2, ChronoUnit.HOURS).toString(), "reason", "Flooded waiting room");
        answers.put("front door paused", send(ods, "POST", pause, http.postJson(pause, pauseBody, manager)));
        String demand = "/api/capacity/demand?practice=" + ods;
        answers.put("demand", send(ods, "GET", "/api/capacity/demand", http.get(demand, manager)));
        long booked = answers.get("contact booked").body().get("id").asLong();
        answers.put(
                "contact undone",
                send(ods, "DELETE", contacts + "/{id}", http.delete(contacts + "/" + booked, manager)));

        long waiting = answers.get("contact waitlisted").body().get("id").asLong();
        String forDay = answers.get("contact waitlisted").body().get("forDay").asString();
        String booking = "/api/practices/" + ods + "/waiting-list/" + waiting + "/booking";
        String bookingPath = "/api/practices/{ods}/waiting-list/{id}/booking";
        http.putJson(dayPath, Map.of("clinicians", List.of(Map.of("id", gp, "cap", 1))), manager);
        answers.put(
                "booked from the waiting list",
                send(ods, "POST", bookingPath, http.postJson(booking, Map.of("clinician", gp), manager)));
        String list = "/api/practices/" + ods + "/waiting-list";
        answers.put("waiting list", send(ods, "GET", list, http.get(list + "?day=" + forDay, manager)));
        return answers;
    }

    /**
     * Open around the clock ("24 hours"), open until a time, and closed now (open one second a day, in the small
     * hours), in whatever order they are shown.
     */
    static List<Map<String, Object>> signposts() {
        Map<String, Object> allDay = new LinkedHashMap<>();
        Map<String, Object> oneSecond = new LinkedHashMap<>();
        EVERY_DAY.forEach(day -> {
            allDay.put(day, Map.of("opens", "00:00", "closes", "23:59:59"));
            oneSecond.put(day, Map.of("opens", "03:00", "closes", "03:00:01"));
        });
        return new ArrayList<>(List.of(
                Map.of(
                        "name",
                        "NHS 111",
                        "kind",
                        "NHS_111",
                        "address",
                        "111.nhs.uk",
                        "phone",
                        "111",
                        "hours",
                        Map.of()),
                Map.of(
                        "name",
                        "Late Pharmacy",
                        "kind",
                        "PHARMACY",
                        "address",
                        "2 Market Street",
                        "phone",
                        "01234 000111",
                        "hours",
                        allDay),
                Map.of(
                        "name",
                        "Riverside Walk-in Centre",
                        "kind",
                        "WALK_IN_CENTRE",
                        "address",
                        "1 River Road",
                        "phone",
                        "01234 567890",
                        "hours",
                        oneSecond)));
    }

    /** The front door of a practice full for today that stays open: it takes requests, onto the waiting list. */
    Answer fullStayingOpen() {
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0));
        data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken());
        String door = "/api/practices/" + practice.ods() + "/front-door";
        return send(practice.ods(), "GET", door, http.get(door));
    }

    /** Before action 1 is in force, a request on a day none of the practice's clinicians works, and that day. */
    Map<String, Answer> nobodyAtWorkBeforeActionOne() {
        DayOfWeek today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE).getDayOfWeek();
        CapacityTestData.SafeWorkingPractice practice = data.practiceSetUpWith(
                settings(List.of(clinician("GP 1", 1, CapacityTestData.everyDayBut(today))), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String capacity = "/api/practices/" + ods + "/capacity";
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put(
                "contact booked with nobody at work, before action 1",
                contact(ods, "/api/practices/" + ods + "/contacts", "RECEPTION", "ROUTINE", practice.managerToken()));
        answers.put(
                "capacity with nobody at work, before action 1",
                send(ods, "GET", capacity, http.get(capacity, practice.managerToken())));
        return answers;
    }

    Answer contact(String ods, String path, String channel, String kind, String token) {
        return send(
                ods,
                "POST",
                "/api/practices/{ods}/contacts",
                http.postJson(path, Map.of("channel", channel, "kind", kind), token));
    }

    static Answer send(String ods, String method, String path, Http.Response response) {
        JsonNode body = response.body() == null || response.body().isEmpty() ? null : response.json();
        return new Answer(method, path.replace(ods, "{ods}"), response.status(), body, ods);
    }
}
