package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON body refused as too large or of the wrong type is answered as every other API error is: a problem document
 * whose detail says what to send instead, naming the limit in bytes or the types taken. Not a bare status.
 */
@GpActionTest
class JsonBodyRefusalTests {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String DRAFT = "/api/ballots/987654321";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper applicationJson;

    @Autowired
    JdbcClient jdbc;

    String admin;

    record Capped(int cap) {}

    @BeforeEach
    void anAdministrator() {
        admin = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
    }

    @Test
    void aNumberWithAFractionIsNoWholeNumberToTheApplicationsMapperEither_asToTheBodyReader() {
        assertThat(applicationJson.readValue("{\"cap\":25}", Capped.class).cap())
                .isEqualTo(25);
        for (JsonMapper mapper : List.of(applicationJson, JsonBodies.json)) {
            JacksonException refused = catchThrowableOfType(
                    JacksonException.class, () -> mapper.readValue("{\"cap\":25.7}", Capped.class));
            assertThat(refused).as("25.7 is not read as 25").isNotNull();
            assertThat(JsonBodies.refusal(refused).getMessage()).isEqualTo("cap must be a whole number");
        }
    }

    @Test
    void aBodyOfATypeNotTakenIsAnsweredWithTheTypesThatAre() throws Exception {
        HttpResponse<String> refused = put("application/xml", HttpRequest.BodyPublishers.ofString("<ballot/>"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(415);
        assertThat(problem.get("title").asString()).isEqualTo("Unsupported media type");
        assertThat(problem.get("detail").asString()).isEqualTo("Send the request body as application/json");
        assertThat(problem.get("acceptedTypes").toString()).isEqualTo("[\"application/json\"]");
        assertThat(problem.get("errors").isArray())
                .as("the shape of a 400's answer")
                .isTrue();
        assertThat(problem.get("instance").asString()).isEqualTo(DRAFT);
    }

    @Test
    void aBodyOfATypeNotTakenWhereSpringReadsItIsAnsweredTheSameWay() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/staff"))
                                .header("Content-Type", "application/xml")
                                .header("Authorization", "Bearer " + admin)
                                .POST(HttpRequest.BodyPublishers.ofString("<ballot/>"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        JsonNode problem = json.readTree(refused.body());
        // The types Spring reads the body from, JSON first.
        assertThat(problem.get("detail").asString()).startsWith("Send the request body as application/json");
        assertThat(problem.get("acceptedTypes").get(0).asString()).isEqualTo("application/json");
        assertThat(problem.get("errors").isArray()).isTrue();
    }

    @Test
    void aBodyOverTheAddressesLimitIsAnsweredWithTheLimitInBytes() throws Exception {
        String tooLong = "{\"title\":\"" + "a".repeat(70 * 1024) + "\"}";

        HttpResponse<String> refused = put("application/json", HttpRequest.BodyPublishers.ofString(tooLong));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("title").asString()).isEqualTo("Request body too large");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body must be at most 65,536 bytes");
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(65_536);
        assertThat(problem.get("errors").isArray()).isTrue();
    }

    /**
     * A body of a few short fields is capped at what its largest valid body needs, not at the megabyte any request may
     * send: a body padded with white space (which JSON allows) to one byte over its cap is refused naming the cap, and
     * nothing is done; an account and a token asked for with the same body padded to the cap are made.
     */
    @Test
    void aBodyOfAFewShortFieldsIsCappedNearItsLargestValidBodyAndOneByteOverChangesNothing() {
        Http http = new Http(port);
        String email = "capped." + UUID.randomUUID().toString().substring(0, 8) + "@staff.test";
        String account = "{\"email\":\"" + email
                + "\",\"password\":\"quartz meadow lantern\",\"role\":\"SCRUTINEER\",\"practices\":[]}";
        refusedOverItsCap(http.postJson("/api/staff", padded(account, 16 * 1024 + 1), admin), 16 * 1024);
        assertThat(jdbc.sql("select count(*) from accounts.staff where email = :email")
                        .param("email", email)
                        .query(Long.class)
                        .single())
                .as("no account was made")
                .isZero();
        Http.Response created = http.postJson("/api/staff", padded(account, 16 * 1024), admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        String signIn = "{\"email\":\"" + email + "\",\"password\":\"quartz meadow lantern\"}";
        refusedOverItsCap(http.postJson("/api/tokens", padded(signIn, 4 * 1024 + 1)), 4 * 1024);
        assertThat(jdbc.sql("select count(*) from accounts.api_token t join accounts.staff s on s.id = t.staff_id"
                                + " where s.email = :email")
                        .param("email", email)
                        .query(Long.class)
                        .single())
                .as("no token was issued")
                .isZero();
        Http.Response issued = http.postJson("/api/tokens", padded(signIn, 4 * 1024));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String scrutineer = issued.json().get("token").asString();

        refusedOverItsCap(
                http.postJson(
                        "/api/ballots/987654321/roll",
                        padded("{\"membershipNumber\":\"M1\",\"reason\":\"Posted before the cut-off\"}", 8 * 1024 + 1),
                        scrutineer),
                8 * 1024);
        refusedOverItsCap(
                http.postJson(
                        "/api/ballots/replacement-requests",
                        padded(
                                "{\"membershipNumber\":\"M1\",\"gmcNumber\":\"1234567\",\"email\":\"m1@example.org\"}",
                                4 * 1024 + 1)),
                4 * 1024);
    }

    /** A JSON body of exactly {@code bytes} bytes: the body, then spaces, which JSON allows after it. */
    private static String padded(String body, int bytes) {
        return body + " ".repeat(bytes - body.length());
    }

    private static void refusedOverItsCap(Http.Response refused, int cap) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.json().get("maxBytes").asLong()).isEqualTo(cap);
    }

    @Test
    void aBodySentWithoutALengthIsCutOffAtTheLimitAndAnsweredWithIt() throws Exception {
        byte[] overTheLimit = ("{\"title\":\"" + "a".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Supplier<InputStream> chunked = () -> new ByteArrayInputStream(overTheLimit);

        HttpResponse<String> refused = put("application/json", HttpRequest.BodyPublishers.ofInputStream(chunked));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("title").asString()).isEqualTo("Request body too large");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body must be at most 65,536 bytes");
    }

    @Test
    void aBodyThatIsNotJsonIsToldWhereWithoutBeingQuotedBack() throws Exception {
        String marker = "marker" + java.util.UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> refused =
                put("application/json", HttpRequest.BodyPublishers.ofString(marker + " {\"title\":1}"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).get("detail").asString())
                .isEqualTo("The request body must be a JSON object with the documented fields: what is near line 1,"
                        + " column 1 is not valid JSON");
        assertThat(refused.body()).doesNotContain(marker);
    }

    @Test
    void aBodyOverTheLimitOfEveryRequestIsRefusedUnreadWithTheSameShape() throws Exception {
        String answer = unreadAnswer("/api/ballots", "application/json", 2L * 1024 * 1024);

        assertThat(answer).startsWith("HTTP/1.1 413");
        JsonNode problem = json.readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("title").asString()).isEqualTo("Request body too large");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body must be at most 1,048,576 bytes");
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(1_048_576);
        assertThat(problem.get("errors").isArray()).isTrue();
        assertThat(problem.get("instance").asString()).isEqualTo("/api/ballots");
    }

    @Test
    void aFileOfATypeAnImportDoesNotTakeIsAnsweredWithTheTypesItDoes() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/practices/imports?format=epraccur"))
                                .header("Content-Type", "application/xml")
                                .header("Authorization", "Bearer " + admin)
                                .POST(HttpRequest.BodyPublishers.ofString("<practices/>"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("title").asString()).isEqualTo("Unsupported media type");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Send the request body as text/csv or text/plain or application/octet-stream");
        assertThat(problem.get("acceptedTypes").toString())
                .isEqualTo("[\"text/csv\",\"text/plain\",\"application/octet-stream\"]");
        assertThat(problem.get("errors").isArray()).isTrue();
    }

    @Test
    void aBodyThatIsNotJsonWhereSpringReadsItIsToldWhereWithoutBeingQuotedBack() throws Exception {
        String marker = "marker" + java.util.UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/staff"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + admin)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\n  " + marker + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).get("detail").asString())
                .isEqualTo("The request body must be a JSON object with the documented fields: what is near line 2,"
                        + " column 3 is not valid JSON");
        assertThat(refused.body()).doesNotContain(marker);
    }

    @Test
    void aMistypedParameterIsNamedAlikeByEveryImportApi() {
        for (String path : List.of("/api/insights/imports", "/api/practices/imports", "/api/members/imports")) {
            Http.Response answer = new Http(port).get(path + "?limit=abc", admin);

            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
            JsonNode error = answer.json().get("errors").get(0);
            assertThat(error.get("field").asString()).as(path).isEqualTo("limit");
            assertThat(error.get("message").asString())
                    .as(path)
                    .isEqualTo("\"abc\" is not a valid limit: give a whole number");
        }
    }

    @Test
    void aYamlBodyIsRefusedAndNoRefusalListsYaml() throws Exception {
        String yaml = "email: " + TestAdmin.EMAIL + "\npassword: " + TestAdmin.PASSWORD + "\n";
        HttpResponse<String> token = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tokens"))
                                .header("Content-Type", "application/yaml")
                                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(token.statusCode()).as(token.body()).isEqualTo(415);
        assertThat(token.body()).doesNotContain("\"token\"");
        assertThat(json.readTree(token.body()).get("acceptedTypes").toString()).isEqualTo("[\"application/json\"]");

        for (String type : List.of("application/yaml", "application/xml")) {
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/staff"))
                                    .header("Content-Type", type)
                                    .header("Authorization", "Bearer " + admin)
                                    .POST(HttpRequest.BodyPublishers.ofString("title: A ballot\n"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(type + ": " + refused.body()).isEqualTo(415);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("acceptedTypes").toString()).as(type).isEqualTo("[\"application/json\"]");
            assertThat(problem.get("detail").asString())
                    .as(type)
                    .isEqualTo("Send the request body as application/json");
        }
    }

    /** The whole answer to a request whose body is announced as {@code length} bytes and never sent. */
    private String unreadAnswer(String path, String type, long length) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nAuthorization: Bearer " + admin + "\r\nContent-Length: " + length + "\r\n\r\n{";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Read to the end of the answer, not of the connection: the server waits a while for the body first.
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while (!answer.toString().trim().endsWith("}") && (n = in.read(buffer)) >= 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }

    /** A draft's change (DraftApiController), read by JsonBodies: refused before any ballot is looked up. */
    private HttpResponse<String> put(String type, HttpRequest.BodyPublisher body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + DRAFT))
                                .header("Content-Type", type)
                                .header("Accept", "application/json")
                                .header("Authorization", "Bearer " + admin)
                                .PUT(body)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
