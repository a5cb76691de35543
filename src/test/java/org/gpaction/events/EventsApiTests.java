package org.gpaction.events;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The events API as a client sees it: documented, filterable, and naming each field to fix. */
@GpActionTest
class EventsApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    UpcomingEvents upcoming;

    EventsTestData data;
    Http http;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        http = new Http(port);
    }

    @Test
    void theEventsApiIsInTheOpenApiDocumentWithItsRequestBodies() {
        JsonNode paths = http.get("/api/openapi.json").json().get("paths");
        assertThat(paths.has("/api/events")).isTrue();
        assertThat(paths.get("/api/events").has("get")).isTrue();
        assertThat(paths.get("/api/events").get("post").has("requestBody")).isTrue();
        assertThat(paths.get("/api/events/{id}").has("get")).isTrue();
        JsonNode listed = paths.get("/api/events").get("get").get("responses").get("200");
        assertThat(listed.get("content")
                        .get("application/json")
                        .get("schema")
                        .get("type")
                        .asString())
                .as(listed.toString())
                .isEqualTo("array");
        assertThat(listed.get("headers").propertyNames()).as(listed.toString()).contains("X-Total-Count", "Link");
        List<String> paging = new ArrayList<>();
        for (JsonNode parameter : paths.get("/api/events").get("get").get("parameters")) {
            if (List.of("page", "size").contains(parameter.get("name").asString())) {
                paging.add(parameter.get("name").asString());
                JsonNode schema = parameter.get("schema");
                assertThat(schema.path("type").asString()).as(schema.toString()).isEqualTo("integer");
                assertThat(schema.path("minimum").asInt()).as(schema.toString()).isOne();
                assertThat(schema.has("maximum"))
                        .as(schema.toString())
                        .isEqualTo(parameter.get("name").asString().equals("size"));
            }
        }
        assertThat(paging).containsExactlyInAnyOrder("page", "size");
        assertThat(paths.get("/api/events/{id}/registrations").get("post").has("requestBody"))
                .isTrue();
    }

    @Test
    void publishingDocumentsAnLmcThatIsNotTheHostsAsTheFieldToFix_not403() {
        JsonNode responses = http.get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/events")
                .get("post")
                .get("responses");

        assertThat(responses.get("403").get("description").asString())
                .as(responses.toString())
                .isEqualTo("Not allowed to host events");
        assertThat(responses.get("400").get("description").asString())
                .as(responses.toString())
                .contains("an LMC officer's lmc that is not their own LMC")
                .contains("an lmc the practices directory does not know");
    }

    @Test
    void theOpenApiDocumentDescribesEachAnswerToARegistration() {
        JsonNode document = http.get("/api/openapi.json").json();
        JsonNode responses = document.path("paths")
                .path("/api/events/{id}/registrations")
                .path("post")
                .path("responses");
        JsonNode accepted = schema(document, responses.path("202"), "application/json");
        assertThat(accepted.path("properties").path("message").toString()).contains("string");
        assertThat(accepted.path("required").toString()).contains("message");
        for (String status : List.of("400", "429")) {
            JsonNode problem = schema(document, responses.path(status), "application/problem+json");
            assertThat(problem.path("properties").properties().stream().map(Map.Entry::getKey))
                    .as(status)
                    .contains("type", "title", "status", "detail")
                    .doesNotContain("properties");
        }
        assertThat(schema(document, responses.path("429"), "application/problem+json")
                        .path("properties")
                        .has("message"))
                .isTrue();
        assertThat(schema(document, responses.path("400"), "application/problem+json")
                        .path("properties")
                        .has("errors"))
                .isTrue();
        assertThat(responses.path("429").path("headers").has("Retry-After")).isTrue();
        assertThat(responses.has("404")).isTrue();
    }

    /** The schema of a response in one media type, its reference followed. */
    private static JsonNode schema(JsonNode document, JsonNode response, String mediaType) {
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        assertThat(schema.isMissingNode())
                .as(response + " has a " + mediaType + " schema")
                .isFalse();
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            schema = document.path("components").path("schemas").path(name);
        }
        assertThat(schema.has("properties")).as(schema.toString()).isTrue();
        return schema;
    }

    @Test
    void aBallotNumberOfNoBallotIsRefusedNamingTheField_andNothingIsPublished() {
        String title = EventsTestData.title("Roadshow for no ballot");
        Map<String, Object> roadshow = data.roadshow(title, Instant.now().plus(Duration.ofDays(2)), 10);
        long noBallot = jdbc.sql("select coalesce(max(id), 0) + 1000 from ballots.ballot")
                .query(Long.class)
                .single();
        roadshow.put("ballotId", noBallot);

        Http.Response refused = http.postJson("/api/events", roadshow, data.adminToken());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("ballotId");
        assertThat(refused.body()).contains("There is no ballot " + noBallot);
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", title)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** A ballot in draft, made through the API, for an event to name. */
    private long draftBallot() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", "Ballot for events " + UUID.randomUUID());
        settings.put("question", "Are you prepared to take action?");
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        Http.Response created = http.postJson("/api/ballots", settings, data.adminToken());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void theUpcomingListIsPublicFilterableAndNeverShowsAJoiningLink() {
        String title = EventsTestData.title("Webinar listed");
        Map<String, Object> webinar =
                data.webinar(title, Instant.now().plus(Duration.ofDays(2)), 100, "https://meet.example.org/j/listed");
        long ballot = draftBallot();
        webinar.put("ballotId", ballot);
        long event = data.publish(webinar);

        JsonNode listed = http.get("/api/events?lmc=" + data.lmc.replace(" ", "%20") + "&kind=WEBINAR")
                .json();
        assertThat(listed.isArray())
                .as("a bare list, as the API has always answered: %.80s", listed)
                .isTrue();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(event);
        assertThat(listed.get(0).get("title").asString()).isEqualTo(title);
        assertThat(listed.get(0).has("joiningLink")).isFalse();
        assertThat(http.get("/api/events?lmc=" + data.lmc.replace(" ", "%20") + "&kind=ROADSHOW")
                        .json())
                .isEmpty();
        assertThat(upcoming.forBallot(ballot).events())
                .extracting(UpcomingEvents.Listed::title)
                .contains(title);

        JsonNode hosted = http.get("/api/events/" + event, data.adminToken()).json();
        assertThat(hosted.get("joiningLink").asString()).isEqualTo("https://meet.example.org/j/listed");
        assertThat(hosted.get("capacity").asInt()).isEqualTo(100);
        assertThat(hosted.get("confirmed").asInt()).isZero();
        assertThat(hosted.get("waiting").asInt()).isZero();
    }

    @Test
    void anEventWithProblemsIsRefusedNamingEachFieldToFix() {
        Map<String, Object> bad = data.roadshow("", Instant.now().minus(Duration.ofDays(1)), 0);
        bad.remove("venue");
        bad.put("endsAt", "yesterday");
        Http.Response refused = http.postJson("/api/events", bad, data.adminToken());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("endsAt");
        bad.put("endsAt", Instant.now().minus(Duration.ofDays(2)).toString());
        refused = http.postJson("/api/events", bad, data.adminToken());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").toString())
                .contains("title", "venue", "startsAt", "endsAt", "capacity");

        Map<String, Object> local = data.roadshow(EventsTestData.title("Local time"), Instant.now(), 10);
        int nextYear = Year.now().getValue() + 1;
        local.put("startsAt", nextYear + "-07-02T19:00:00");
        local.put("endsAt", nextYear + "-07-02T21:00:00");
        Http.Response created = http.postJson("/api/events", local, data.adminToken());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("startsAt").asString()).isEqualTo(nextYear + "-07-02T18:00:00Z");

        Map<String, Object> farAhead = data.roadshow(EventsTestData.title("Far ahead"), Instant.now(), 10);
        farAhead.put("startsAt", "+300000-01-01T10:00:00Z");
        farAhead.put("endsAt", "+300000-01-01T11:00:00Z");
        Http.Response tooFar = http.postJson("/api/events", farAhead, data.adminToken());
        assertThat(tooFar.status()).as(tooFar.body()).isEqualTo(400);
        assertThat(tooFar.json().get("errors").toString()).contains("startsAt", "within two years");
    }

    @Test
    void aLocalTimeInTheHourTheClocksRepeatIsRefusedNamingTheFieldAndTheOffsetsThatSayWhichOneIsMeant() {
        ZoneOffsetTransition autumn = UkTime.ZONE.getRules().nextTransition(Instant.now());
        if (!autumn.isOverlap()) {
            autumn = UkTime.ZONE.getRules().nextTransition(autumn.getInstant());
        }
        LocalDateTime twice = autumn.getDateTimeAfter().plusMinutes(30);
        Map<String, Object> event = data.roadshow(EventsTestData.title("Autumn night"), Instant.now(), 10);
        event.put("startsAt", twice.toString());
        event.put("endsAt", twice.plusHours(2).toString());

        Http.Response refused = http.postJson("/api/events", event, data.adminToken());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        String first = twice.atOffset(ZoneOffset.ofHours(1)).toString();
        String second = twice.atOffset(ZoneOffset.UTC).toString();
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("startsAt");
        assertThat(refused.json().get("errors").findValuesAsString("message"))
                .singleElement()
                .asString()
                .contains("happens twice in UK time: the clocks go back from 02:00 to 01:00")
                .endsWith("or give its offset: " + first + " the first time, " + second + " the second");

        event.put("startsAt", second);
        Http.Response created = http.postJson("/api/events", event, data.adminToken());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("startsAt").asString())
                .isEqualTo(twice.atOffset(ZoneOffset.UTC).toInstant().toString());
    }

    @Test
    void aNulInTheLmcAskedForAndAContentTypeThatIsNotOneAreQuestionsNotServerErrors() throws Exception {
        Http.Response listed = http.get("/api/events?lmc=%00");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(http.get("/events?lmc=a%00b").status()).isEqualTo(200);

        long event = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();
        HttpResponse<String> notAType = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/events/" + event + "/registrations"))
                                .header("Content-Type", "json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"A\",\"email\":\"a@mail.test\",\"role\":\"GP_PARTNER\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(notAType.statusCode()).as(notAType.body()).isEqualTo(415);
        assertThat(data.count(event, "PENDING")).isZero();
    }

    @Test
    void aNulOrAnotherControlCharacterInAnEventOrARegistrationIsRefusedNamingTheField_andStoresNothing() {
        String title = EventsTestData.title("Nul");
        Map<String, Object> event =
                data.roadshow(title + "\u0000", Instant.now().plus(Duration.ofDays(14)), 5);
        event.put("description", "Line breaks are\r\nfine, but not a bell\u0007");
        Http.Response refused = http.postJson("/api/events", event, data.adminToken());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("title", "description");
        assertThat(refused.json().get("errors").findValuesAsString("message"))
                .contains("The title must not contain control characters, such as tabs or line breaks");
        assertThat(jdbc.sql("select count(*) from events.event where title like :title")
                        .param("title", title + "%")
                        .query(Integer.class)
                        .single())
                .as("nothing was published, not even the title without its NUL")
                .isZero();

        long open = data.roadshowInTwoWeeks(5);
        Http.Response nulName = data.register(open, "Pat\u0000 Partner", "pat.nul@mail.test");
        assertThat(nulName.status()).as(nulName.body()).isEqualTo(400);
        assertThat(nulName.json().get("errors").findValuesAsString("field")).containsExactly("name");
        assertThat(nulName.json().get("errors").findValuesAsString("message"))
                .containsExactly("Your name must not contain control characters, such as tabs or line breaks");
        assertThat(data.count(open, "PENDING")).isZero();
    }

    @Test
    void aControlCharacterOrLineBreakInARegistrationsEmailOrPracticeIsRefusedNamingTheField_andStoresNothing() {
        Sent sent = registerAsAPracticeManager(
                "Pat Partner", "pat.partner\n@mail.test", ods -> ods.substring(0, 3) + "\u0007" + ods.substring(3));
        Http.Response refused = sent.answer();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "practice");
        assertThat(refused.json().get("errors").findValuesAsString("message"))
                .containsExactlyInAnyOrder(
                        "Your email address must not contain control characters, such as tabs or line breaks",
                        "Your practice's ODS code must not contain control characters, such as tabs or line breaks");
        assertThat(data.count(sent.event(), "PENDING"))
                .as("nothing was kept, not even the details with the characters taken out")
                .isZero();
    }

    @Test
    void aTabOrALineBreakAroundARegistrationsNameEmailOrPracticeIsRefusedNamingTheField_notTrimmedAway() {
        Sent sent = registerAsAPracticeManager("\tPat Partner", "pat.around@mail.test\r\n", ods -> ods + "\n");
        Http.Response refused = sent.answer();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "email", "practice");
        assertThat(refused.json().get("errors").findValuesAsString("message"))
                .containsExactlyInAnyOrder(
                        "Your name must not contain control characters, such as tabs or line breaks",
                        "Your email address must not contain control characters, such as tabs or line breaks",
                        "Your practice's ODS code must not contain control characters, such as tabs or line breaks");
        assertThat(data.count(sent.event(), "PENDING"))
                .as("nothing was kept, not even the details with the tab and line breaks trimmed away")
                .isZero();
    }

    @Test
    void theRegistrationFormRefusesATabInTheNameInTheWordsOfTheHostingForm() {
        long open = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();
        Http person = new Http(port);
        person.get("/events/" + open);

        Http.Response refused = person.postForm(
                "/events/" + open + "/register",
                Map.of("name", "\tPat Partner", "email", "pat.form@mail.test", "role", "PRACTICE_MANAGER"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#name\">Your name must not contain control characters, such as tabs or line breaks<");
        assertThat(data.count(open, "PENDING")).isZero();
    }

    @Test
    void spacesAroundARegistrationsNameEmailAndPracticeAreStillTrimmed() {
        Sent sent = registerAsAPracticeManager("  Pat Partner ", " pat.spaces@mail.test ", ods -> " " + ods + " ");
        Http.Response taken = sent.answer();

        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(jdbc.sql("select name, email, practice from events.registration where event_id = :event")
                        .param("event", sent.event())
                        .query((row, n) -> List.of(row.getString(1), row.getString(2), row.getString(3)))
                        .single())
                .containsExactly("Pat Partner", "pat.spaces@mail.test", sent.practice());
    }

    record Sent(long event, String practice, Http.Response answer) {}

    /**
     * A registration sent through the API for a roadshow of its own, as the practice manager of a practice of its own
     * whose ODS code is typed as {@code practice} makes it, with this address's registrations forgotten first.
     */
    private Sent registerAsAPracticeManager(String name, String email, UnaryOperator<String> practice) {
        long open = data.roadshowInTwoWeeks(5);
        String ods = TestPractices.add(jdbc);
        data.forgetRegistrationsFromHere();
        Http.Response answer = http.postJson(
                "/api/events/" + open + "/registrations",
                Map.of("name", name, "email", email, "role", "PRACTICE_MANAGER", "practice", practice.apply(ods)));
        return new Sent(open, ods, answer);
    }

    @Test
    void registeringForAnEventThatIsNotOpenIsRefusedAndBadDetailsNameTheirFields() {
        assertThat(data.register(987654321L, "Someone", "someone@mail.test").status())
                .isEqualTo(404);
        long event = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();
        Http.Response bad = http.postJson(
                "/api/events/" + event + "/registrations", Map.of("name", "", "email", "nope", "role", "PILOT"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("name", "email", "role");
    }

    /** A misspelt field was passed over, so a registration was made without what the caller meant to send. */
    @Test
    void aRegistrationFieldTheApiDoesNotTakeIsRefusedNamingIt_andNothingIsStored() {
        long event = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();
        String address = TestMailbox.uniqueAddress("misspelt");

        Http.Response misspelt = http.postJson(
                "/api/events/" + event + "/registrations",
                Map.of("name", "Pat", "email", address, "role", "NURSE", "practise", "A12345"));

        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.json().get("errors").findValuesAsString("field")).containsExactly("practise");
        assertThat(misspelt.json().get("detail").asString())
                .isEqualTo("practise is not a field this request takes: send only name, email, role and practice");
        assertThat(data.count(event, "PENDING")).isZero();
        assertThat(EventsTestData.countMessages(address)).isZero();
    }

    /**
     * A misspelt field of an event was passed over, so the event was published without it; the fields an answer
     * adds are not fields to publish.
     */
    @Test
    void anEventFieldTheApiDoesNotTakeIsRefusedNamingIt_andNothingIsPublished() {
        String title = EventsTestData.title("Misspelt roadshow");
        Map<String, Object> roadshow = data.roadshow(title, Instant.now().plus(Duration.ofDays(2)), 10);
        roadshow.put("campain", "Safe working");
        Http.Response misspelt = http.postJson("/api/events", roadshow, data.adminToken());
        roadshow.remove("campain");
        roadshow.put("confirmed", 0);
        Http.Response answerField = http.postJson("/api/events", roadshow, data.adminToken());

        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.json().get("errors").findValuesAsString("field")).containsExactly("campain");
        assertThat(misspelt.json().get("detail").asString()).startsWith("campain is not a field this request takes");
        assertThat(answerField.status()).as(answerField.body()).isEqualTo(400);
        assertThat(answerField.json().get("errors").findValuesAsString("field")).containsExactly("confirmed");
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", title)
                        .query(Integer.class)
                        .single())
                .isZero();
        roadshow.remove("confirmed");
        assertThat(http.postJson("/api/events", roadshow, data.adminToken()).status())
                .as("the same event without the field is published")
                .isEqualTo(201);
    }

    @Test
    void aRoleTheApiDoesNotKnowIsRefusedNamingTheRolesItTakes_besideTheOtherFieldsToFix_andStoresNothing() {
        long event = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();

        Http.Response pilot = http.postJson(
                "/api/events/" + event + "/registrations",
                Map.of("name", "Pat Pilot", "email", "pat.pilot@mail.test", "role", "PILOT"));
        Http.Response badEmailToo = http.postJson(
                "/api/events/" + event + "/registrations",
                Map.of("name", "Pat Pilot", "email", "nope", "role", "Doctor"));
        Http.Response noRole = http.postJson(
                "/api/events/" + event + "/registrations", Map.of("name", "Pat", "email", "pat.none@mail.test"));

        assertThat(pilot.status()).as(pilot.body()).isEqualTo(400);
        assertThat(pilot.json().get("errors").findValuesAsString("field")).containsExactly("role");
        assertThat(pilot.json().get("errors").findValuesAsString("message"))
                .containsExactly("role is one of GP_PARTNER, SALARIED_GP, LOCUM_GP, GP_REGISTRAR, PRACTICE_MANAGER,"
                        + " NURSE, PHARMACIST, RECEPTION, ADMINISTRATION, OTHER");
        assertThat(badEmailToo.status()).as(badEmailToo.body()).isEqualTo(400);
        assertThat(badEmailToo.json().get("errors").findValuesAsString("field")).containsExactly("email", "role");
        assertThat(badEmailToo
                        .json()
                        .get("errors")
                        .findValuesAsString("message")
                        .get(1))
                .startsWith("role is one of GP_PARTNER, ");
        assertThat(noRole.json().get("errors").findValuesAsString("message"))
                .as("a role left out is asked for as before")
                .containsExactly("Choose your role in the practice team");
        assertThat(data.count(event, "PENDING")).isZero();
    }

    @Test
    void aRoleIsTakenInAnyCase_asTheRegionAndKindFiltersAre() {
        long event = data.roadshowInTwoWeeks(5);
        Map<String, String> sent = Map.of(
                TestMailbox.uniqueAddress("lower"), "practice_manager",
                TestMailbox.uniqueAddress("spaced"), " Practice Manager ",
                TestMailbox.uniqueAddress("hyphened"), "practice-manager");

        sent.forEach((email, role) -> {
            data.forgetRegistrationsFromHere();
            Http.Response asked = http.postJson(
                    "/api/events/" + event + "/registrations",
                    Map.of("name", "Pat Manager", "email", email, "role", role));
            assertThat(asked.status()).as(role + ": " + asked.body()).isEqualTo(202);
            assertThat(jdbc.sql("select role from events.registration where event_id = :event and email = :email")
                            .param("event", event)
                            .param("email", email)
                            .query(String.class)
                            .single())
                    .isEqualTo("PRACTICE_MANAGER");
        });
        data.forgetRegistrationsFromHere();
        Http.Response tabbed = http.postJson(
                "/api/events/" + event + "/registrations",
                Map.of(
                        "name",
                        "Pat Manager",
                        "email",
                        TestMailbox.uniqueAddress("tabbed"),
                        "role",
                        "practice\tmanager"));
        assertThat(tabbed.status()).as(tabbed.body()).isEqualTo(400);
        assertThat(tabbed.json().get("errors").findValuesAsString("message"))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("role is one of GP_PARTNER, ");
    }

    @Test
    void aHostPublishesAKindAndRegionInAnyCase_andOneThatIsNoneOfTheValuesIsRefusedListingThem_storingNothing() {
        Map<String, Object> webinar = data.webinar(
                EventsTestData.title("Any case"),
                Instant.now().plus(Duration.ofDays(3)),
                20,
                "https://meet.example.org/j/anycase");
        webinar.put("kind", "webinar");
        webinar.put("region", "South West");
        Map<String, Object> roadshow =
                data.roadshow(EventsTestData.title("Any case"), Instant.now().plus(Duration.ofDays(3)), 20);
        roadshow.put("kind", " Roadshow ");
        roadshow.put("region", "north-west");

        Http.Response lower = http.postJson("/api/events", webinar, data.adminToken());
        Http.Response mixed = http.postJson("/api/events", roadshow, data.adminToken());

        assertThat(lower.status()).as(lower.body()).isEqualTo(201);
        assertThat(lower.json().get("kind").asString()).isEqualTo("WEBINAR");
        assertThat(lower.json().get("region").asString()).isEqualTo("SOUTH_WEST");
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(201);
        assertThat(mixed.json().get("kind").asString()).isEqualTo("ROADSHOW");
        assertThat(mixed.json().get("region").asString()).isEqualTo("NORTH_WEST");

        String unknownTitle = EventsTestData.title("Unknown kind");
        Map<String, Object> unknown = data.roadshow(unknownTitle, Instant.now().plus(Duration.ofDays(3)), 20);
        unknown.put("kind", "seminar");
        unknown.put("region", "Wessex");
        Http.Response refused = http.postJson("/api/events", unknown, data.adminToken());
        unknown.put("kind", "road\tshow");
        unknown.remove("region");
        Http.Response tabbed = http.postJson("/api/events", unknown, data.adminToken());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("kind", "region");
        assertThat(refused.json().get("errors").findValuesAsString("message"))
                .containsExactlyInAnyOrder(
                        "kind is one of ROADSHOW, WEBINAR",
                        "region is one of NORTH_EAST_AND_YORKSHIRE, NORTH_WEST, MIDLANDS, EAST_OF_ENGLAND, LONDON,"
                                + " SOUTH_EAST, SOUTH_WEST");
        assertThat(tabbed.status()).as(tabbed.body()).isEqualTo(400);
        assertThat(tabbed.json().get("errors").findValuesAsString("field")).containsExactly("kind");
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", unknownTitle)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theRegionAndKindFiltersTakeAnyCaseOnThePageAndInTheApi() {
        String london = EventsTestData.title("London webinar");
        data.publish(
                data.webinar(london, Instant.now().plus(Duration.ofDays(3)), 50, "https://meet.example.org/j/london"));
        String southWest = EventsTestData.title("South West roadshow");
        Map<String, Object> roadshow = data.roadshow(southWest, Instant.now().plus(Duration.ofDays(4)), 50);
        roadshow.put("region", "SOUTH_WEST");
        data.publish(roadshow);
        String lmc = "lmc=" + data.lmc.replace(" ", "%20");

        for (String query : List.of("region=london", "region=London", "kind=webinar", "region=london&kind=Webinar")) {
            Http.Response listed = http.get("/api/events?" + lmc + "&" + query);
            assertThat(listed.status()).as(query + ": " + listed.body()).isEqualTo(200);
            assertThat(listed.json()).as(query).hasSize(1);
            assertThat(listed.json().get(0).get("title").asString()).as(query).isEqualTo(london);

            String page = http.get("/events?" + lmc + "&" + query).body();
            assertThat(page).as(query).contains(london).doesNotContain(southWest);
        }
        for (String query : List.of("region=south_west", "region=South%20West", "kind=roadshow")) {
            JsonNode listed = http.get("/api/events?" + lmc + "&" + query).json();
            assertThat(listed).as(query).hasSize(1);
            assertThat(listed.get(0).get("title").asString()).as(query).isEqualTo(southWest);
            assertThat(http.get("/events?" + lmc + "&" + query).body())
                    .as(query)
                    .contains(southWest)
                    .doesNotContain(london);
        }
        Http.Response unknown = http.get("/api/events?" + lmc + "&kind=webinars");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("webinars", "ROADSHOW", "WEBINAR");
    }

    @Test
    void anLmcsEventWithNoRegionIsListedUnderTheRegionOfTheLmcsPractices_onThePageAndInTheApi() {
        TestPractices.LmcArea area = TestPractices.addLmcArea(jdbc, "Regional LMC ", "R", "V");
        // A practice in England from TestPractices has the national grouping of North East and Yorkshire.
        TestPractices.addInArea(jdbc, area.icb(), area.subIcb());
        String title = EventsTestData.title("Roadshow with no region");
        Map<String, Object> roadshow = data.roadshow(title, Instant.now().plus(Duration.ofDays(5)), 50);
        roadshow.put("lmc", area.lmc().toUpperCase());
        roadshow.remove("region");
        data.publish(roadshow);
        String lmc = "lmc=" + area.lmc().replace(" ", "%20");

        for (String region : List.of("NORTH_EAST_AND_YORKSHIRE", "north%20east%20and%20yorkshire")) {
            Http.Response listed = http.get("/api/events?" + lmc + "&region=" + region);
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            assertThat(listed.json()).as(region).hasSize(1);
            assertThat(listed.json().get(0).get("title").asString()).isEqualTo(title);
            assertThat(listed.header("X-Total-Count")).isEqualTo("1");
            assertThat(http.get("/events?" + lmc + "&region=" + region).body())
                    .as(region)
                    .contains(title);
        }
        assertThat(http.get("/api/events?" + lmc + "&region=LONDON").json()).isEmpty();
        assertThat(http.get("/events?" + lmc + "&region=london").body()).doesNotContain(title);
        assertThat(http.get("/events").body())
                .contains("An LMC's event with no region of its own is listed under the region of each of the"
                        + " LMC's practices");
        assertThat(http.get("/api/openapi.json")
                        .json()
                        .get("paths")
                        .get("/api/events")
                        .get("get")
                        .get("description")
                        .asString())
                .contains("an LMC's event with no region of its own is listed under the region of each of the"
                        + " LMC's practices in the practices directory");
    }

    @Test
    void aFilterTheListDoesNotKnowIsRefusedNamingItAndTheValuesItTakes() {
        Http.Response region = http.get("/api/events?region=LONDNO");
        assertThat(region.status()).as(region.body()).isEqualTo(400);
        assertThat(region.header("Content-Type")).startsWith("application/problem+json");
        assertThat(region.json().get("errors").get(0).get("field").asString()).isEqualTo("region");
        assertThat(region.json().get("detail").asString()).contains("LONDNO", "LONDON");
        Http.Response kind = http.get("/api/events?kind=WEBINARS");
        assertThat(kind.status()).as(kind.body()).isEqualTo(400);
        assertThat(kind.json().get("errors").get(0).get("field").asString()).isEqualTo("kind");
        assertThat(kind.json().get("detail").asString()).contains("ROADSHOW", "WEBINAR");
        assertThat(http.get("/api/events?region=LONDON&kind=WEBINAR&lmc=").status())
                .isEqualTo(200);
        assertThat(http.get("/events?region=LONDNO").status())
                .as("the page stays lenient")
                .isEqualTo(200);
    }
}
