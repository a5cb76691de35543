package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.SlowUploads;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads are refused before their body is read: each request here announces a large body and sends none (or only
 * its first bytes), so a server that tried to read it would wait, and the answer would never come.
 */
@GpActionTest
class UploadRefusalTests {

    /** Within every import's own limit (the smallest, practices', is 20 MB), over the body limit. */
    static final long WITHIN_LIMITS = 10L * 1024 * 1024;

    static final long FAR_OVER_LIMITS = 1_200L * 1024 * 1024;
    static final String PASSWORD = "saucer lichen rowboat";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    String receptionist;
    String practice;

    @BeforeEach
    void aReceptionist() {
        receptionist = "reception." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
        practice = TestPractices.add(jdbc);
        staffAccounts.create(
                new CreateStaffCommand(receptionist, PASSWORD, "RECEPTIONIST", List.of(practice), null),
                TestAdmin.id(staffAccounts),
                "test");
    }

    @Test
    void anApiUploadFromStaffWhoMayNotImportIsRefusedWithoutReadingIt() throws IOException {
        String token = new Http(port).apiToken(receptionist, PASSWORD);
        for (String path : List.of("/api/members/imports", "/api/practices/imports?format=epraccur")) {
            for (long length : List.of(WITHIN_LIMITS, FAR_OVER_LIMITS)) {
                String status = SlowUploads.statusWithoutSendingTheBody(
                        port, "POST " + path + " HTTP/1.1", withToken(token, "text/csv"), length, "membership_number,");
                assertThat(status).as(path + " announcing " + length + " bytes").isIn("403", "413");
            }
        }
    }

    @Test
    void aPageUploadFromStaffWhoMayNotImportIsRefusedWithoutReadingIt() throws IOException {
        Session session = new Session(receptionist, PASSWORD);
        for (String path : List.of("/admin/members/import", "/admin/practices/imports")) {
            String status = session.uploadWithoutSendingTheFile(path, WITHIN_LIMITS);
            assertThat(status).as(path).isEqualTo("403");
        }
    }

    @Test
    void aSafeWorkingManagersFormFromAReceptionistIsRefusedWithoutReadingIt() throws IOException {
        Session session = new Session(receptionist, PASSWORD);
        for (String path : List.of("/safe-working/" + practice + "/setup", "/safe-working/bank-holidays")) {
            String status = session.formWithoutSendingTheBody(path, "clinicians");
            assertThat(status).as(path).isEqualTo("403");
        }
    }

    @Test
    void aPracticesFormFromStaffOfAnotherPracticeIsRefusedWithoutReadingIt() throws IOException {
        String manager = "manager." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
        staffAccounts.create(
                new CreateStaffCommand(manager, PASSWORD, "PRACTICE_MANAGER", List.of(practice), null),
                TestAdmin.id(staffAccounts),
                "test");
        String otherPractice = TestPractices.add(jdbc);
        Map<String, List<String>> formsOfTheOtherPractice = Map.of(
                receptionist,
                List.of(
                        "/safe-working/" + otherPractice + "/diversions",
                        "/safe-working/" + otherPractice + "/requests/1/undo"),
                manager,
                List.of(
                        "/safe-working/" + otherPractice + "/setup",
                        "/actions/practices/" + otherPractice + "/notes",
                        "/actions/practices/" + otherPractice + "/choose"));
        for (Map.Entry<String, List<String>> staff : formsOfTheOtherPractice.entrySet()) {
            Session session = new Session(staff.getKey(), PASSWORD);
            for (String path : staff.getValue()) {
                String status = session.formWithoutSendingTheBody(path, "note");
                // As the page for that practice answers them: no practice by that code they can see.
                assertThat(status).as(staff.getKey() + " " + path).isEqualTo("404");
            }
        }
    }

    @Test
    void anEventsHostingFormFromAnOfficerOfAnotherLmcIsRefusedWithoutReadingIt() throws IOException {
        long event = new EventsTestData(jdbc, port, attempts).roadshowInTwoWeeks(20);
        EventsTestData elsewhere = new EventsTestData(jdbc, port, attempts);
        Session session =
                new Session(elsewhere.staff("LMC_OFFICER", List.of(), elsewhere.lmc), EventsTestData.PASSWORD);
        for (String form : List.of("edit", "cancel", "attendance")) {
            String path = "/hosting/events/" + event + "/" + form;
            String status = session.formWithoutSendingTheBody(path, "title");
            // As the event's pages answer them: no event by that number they host.
            assertThat(status).as(path).isEqualTo("404");
        }
    }

    @Test
    void aFormBodySentWithPutPatchOrDeleteIsNotReadBeforeTheCallerIsKnownToBeAllowed() throws IOException {
        // Nothing here takes a form by PUT, PATCH or DELETE; a filter parsing one for them would read it first.
        String form = "application/x-www-form-urlencoded";
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            String noToken = SlowUploads.statusWithoutSendingTheBody(
                    port, method + " /api/staff/1 HTTP/1.1", Map.of("Content-Type", form), 900_000, "a=");
            assertThat(noToken).as(method + " to the API with no token").isEqualTo("401");
            String notSignedIn = SlowUploads.statusWithoutSendingTheBody(
                    port, method + " /admin/staff/1 HTTP/1.1", Map.of("Content-Type", form), 900_000, "a=");
            assertThat(notSignedIn).as(method + " to a page, not signed in").isIn("302", "401", "403");
        }
        String token = new Http(port).apiToken(receptionist, PASSWORD);
        String otherPractice = TestPractices.add(jdbc);
        String wrongPractice = SlowUploads.statusWithoutSendingTheBody(
                port,
                "DELETE /api/practices/" + otherPractice + "/front-door/pause HTTP/1.1",
                withToken(token, form),
                900_000,
                "a=");
        assertThat(wrongPractice).as("a receptionist of another practice").isIn("403", "404");
        String managersOnly = SlowUploads.statusWithoutSendingTheBody(
                port,
                "PUT /api/practices/" + practice + "/capacity/settings HTTP/1.1",
                withToken(token, form),
                900_000,
                "a=");
        assertThat(managersOnly).as("a receptionist changing the set-up").isEqualTo("403");
    }

    @Test
    void aFileSentWhereNoFileIsTakenIsHeldToTheBodyLimitAndRefusedUnread() throws IOException {
        // Public forms anyone may post to, and a staff form this receptionist may post to: none takes a file.
        for (String path : List.of("/p/" + practice, "/join", "/safe-working/" + practice + "/diversions")) {
            for (String type : List.of("text/csv", "application/octet-stream")) {
                String status = SlowUploads.statusWithoutSendingTheBody(
                        port, "POST " + path + " HTTP/1.1", Map.of("Content-Type", type), WITHIN_LIMITS, "--xyz\r\n");
                assertThat(status).as(path + " sent " + type).isEqualTo("413");
            }
            String multipart = SlowUploads.statusWithoutSendingTheBody(
                    port,
                    "POST " + path + " HTTP/1.1",
                    Map.of("Content-Type", "multipart/form-data; boundary=xyz"),
                    WITHIN_LIMITS,
                    "--xyz\r\n");
            assertThat(multipart).as(path + " sent a multipart form").isEqualTo("415");
        }
    }

    @Test
    void aMultipartFormSentWithoutALengthWhereNoFileIsTakenIsRefusedUnread() throws IOException {
        // The container parses a multipart form itself (here for the CSRF check), from a stream no limit counts.
        for (String path : List.of("/join", "/sign-in", "/p/" + practice)) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: multipart/form-data; boundary=xyz\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String part = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n";
                out.write((Integer.toHexString(part.length()) + "\r\n" + part + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int sent = 0; sent < 8 * 1024 * 1024; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException stoppedReading) {
                    // The server answered and closed the connection before the rest was sent.
                }
                assertThat(SlowUploads.statusLine(socket.getInputStream()))
                        .as(path)
                        .isEqualTo("415");
            }
        }
    }

    @Test
    void aMultipartFormSentToAFormPageIsAnsweredWithAPageForAPersonAndAProblemForAClient() throws Exception {
        String form =
                "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nsomeone@example.org\r\n--xyz--\r\n";
        for (String path : List.of("/join", "/p/" + practice)) {
            HttpResponse<String> page = multipart(path, "text/html,application/xhtml+xml,*/*;q=0.8", form);

            assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(415);
            assertThat(page.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            // Each once: written before the forward, they must not be added again as the request leaves the chain.
            assertThat(page.headers().allValues("X-Content-Type-Options"))
                    .as(path + ": Spring Security's headers, as on any page")
                    .containsExactly("nosniff");
            assertThat(page.headers().allValues("Permissions-Policy"))
                    .as(path + ": the pages' own headers")
                    .hasSize(1);
            assertThat(page.headers().allValues("Cache-Control"))
                    .as(path)
                    .singleElement()
                    .satisfies(cache -> assertThat(cache).contains("no-store"));
            assertThat(page.body())
                    .as(path)
                    .contains("<html", "Unsupported Media Type")
                    .containsPattern("id=\"error-advice\"[^>]*>This page takes only the fields of its own form, not"
                            + " files or a form of another kind: go back to the page, fill in its form again and send"
                            + " it from there.<");

            HttpResponse<String> problem = multipart(path, "application/json", form);

            assertThat(problem.statusCode()).as(path + ": " + problem.body()).isEqualTo(415);
            assertThat(problem.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode document = JsonMapper.builder().build().readTree(problem.body());
            assertThat(document.get("detail").asString())
                    .isEqualTo("Send the request body as application/x-www-form-urlencoded");
            assertThat(document.get("acceptedTypes").toString()).isEqualTo("[\"application/x-www-form-urlencoded\"]");
            assertThat(document.get("instance").asString()).isEqualTo(path);
        }
    }

    private HttpResponse<String> multipart(String path, String accept, String form) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Content-Type", "multipart/form-data; boundary=xyz")
                                .header("Accept", accept)
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUploadOverTheLimitIsRefusedUnreadEvenFromAnAdministrator() throws IOException {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String path : List.of("/api/members/imports", "/api/practices/imports?format=epraccur")) {
            String status = SlowUploads.statusWithoutSendingTheBody(
                    port, "POST " + path + " HTTP/1.1", withToken(token, "text/csv"), FAR_OVER_LIMITS, "");
            assertThat(status).as(path).isEqualTo("413");
        }
        String json = SlowUploads.statusWithoutSendingTheBody(
                port, "POST /api/tokens HTTP/1.1", Map.of("Content-Type", "application/json"), 2 * 1024 * 1024, "{");
        assertThat(json).isEqualTo("413");
        // Each import's own limit, not only the largest any import takes: practices 20 MB, members 100 MB.
        for (Map.Entry<String, Long> overItsOwnLimit : Map.of(
                        "/api/practices/imports?format=epraccur", 30L * 1024 * 1024,
                        "/api/members/imports", 150L * 1024 * 1024)
                .entrySet()) {
            String path = overItsOwnLimit.getKey();
            String answer = SlowUploads.answerWithoutSendingTheBody(
                    port, "POST " + path + " HTTP/1.1", withToken(token, "text/csv"), overItsOwnLimit.getValue(), "");
            assertThat(answer).as(path).startsWith("HTTP/1.1 413");
            assertThat(answer).as(path).contains("application/problem+json").contains("\"maxBytes\"");
        }
    }

    @Test
    void aPageUploadOverItsImportsOwnLimitIsRefusedUnreadEvenFromAnAdministrator() throws IOException {
        Session session = new Session(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (Map.Entry<String, Long> overItsOwnLimit : Map.of(
                        "/admin/practices/imports", 30L * 1024 * 1024,
                        "/admin/members/import", 150L * 1024 * 1024)
                .entrySet()) {
            String path = overItsOwnLimit.getKey();
            String status = session.uploadWithoutSendingTheFile(path, overItsOwnLimit.getValue());
            assertThat(status).as(path).isEqualTo("413");
        }
    }

    @Test
    void aBodySentWithoutALengthIsCutOffOnceItPassesTheLimit() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\na\r\n{\"email\":\"\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            String status = null;
            try {
                for (int sent = 0; sent < 4 * 1024 * 1024; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException stoppedReading) {
                // The server answered and closed the connection before the rest was sent.
            }
            status = SlowUploads.statusLine(socket.getInputStream());
            assertThat(status).isEqualTo("413");
        }
    }

    @Test
    void aFileSentInChunksInAnImportPagesFormIsRefusedUnreadSayingToSendItsLength_andNothingIsImported()
            throws IOException {
        Session session = new Session(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String fileName = "chunked-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";

        // Only the form's first chunk is sent: a server reading the form would wait for the rest, and not answer.
        String answer = session.uploadFirstChunk("/admin/practices/imports", fileName);

        assertThat(answer).startsWith("HTTP/1.1 411").contains("text/html");
        assertThat(answer)
                .containsPattern("id=\"error-advice\"[^>]*>The file was sent without saying how large it is, which"
                        + " this page needs to know before reading it: go back to the page, choose the file again and"
                        + " send it from there.<");
        assertThat(jdbc.sql("select count(*) from practices.import_run where file_name = :name")
                        .param("name", fileName)
                        .query(Integer.class)
                        .single())
                .as("runs of the file in the import history")
                .isZero();
    }

    @Test
    void aFormSentInChunksToAnImportsApiIsRefusedUnreadNamingTheTypesItTakes() throws IOException {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String path : List.of("/api/members/imports?fileName=chunked.csv", "/api/insights/imports?format=x")) {
            // The imports' API takes the file as the body itself, never in a form: only the first chunk is sent.
            String answer = answerToTheFirstChunk(
                    "POST " + path + " HTTP/1.1",
                    Map.of(
                            "Authorization", "Bearer " + token,
                            "Content-Type", "multipart/form-data; boundary=xyz",
                            "Accept", "application/json"),
                    "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chunked.csv\"\r\n"
                            + "Content-Type: text/csv\r\n\r\nmembership_number,");

            assertThat(answer).as(path).startsWith("HTTP/1.1 415").contains("application/problem+json");
            assertThat(answer)
                    .as(path)
                    .contains("\"detail\":\"Send the request body as text/csv or text/plain or"
                            + " application/octet-stream\"")
                    .contains("\"acceptedTypes\":[\"text/csv\",\"text/plain\",\"application/octet-stream\"]");
        }
    }

    @Test
    void aFormSentWithItsLengthToAnImportsApiIsRefusedUnreadNamingTheTypesItTakes() throws IOException {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String path : List.of(
                "/api/members/imports?fileName=form.csv",
                "/api/practices/imports?format=epraccur",
                "/api/insights/imports?format=appointments")) {
            // Within each import's limit, so the body limit lets it in; only the form's head is sent.
            String answer = SlowUploads.answerWithoutSendingTheBody(
                    port,
                    "POST " + path + " HTTP/1.1",
                    Map.of(
                            "Authorization", "Bearer " + token,
                            "Content-Type", "multipart/form-data; boundary=xyz",
                            "Accept", "application/json"),
                    WITHIN_LIMITS,
                    "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.csv\"\r\n"
                            + "Content-Type: text/csv\r\n\r\nmembership_number,");

            assertThat(answer).as(path).startsWith("HTTP/1.1 415").doesNotContain("[no more within");
            assertThat(answer)
                    .as(path)
                    .containsIgnoringCase("\r\nConnection: close\r\n")
                    .contains("application/problem+json")
                    .contains("\"detail\":\"Send the request body as text/csv or text/plain or"
                            + " application/octet-stream\"")
                    .contains("\"acceptedTypes\":[\"text/csv\",\"text/plain\",\"application/octet-stream\"]");
        }
    }

    @Test
    void aMembershipFileSentWithItsLengthFromThePage_orInChunksAsTheBodyOfTheApi_isStillImported() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String header = "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,"
                + "joined_on,role,practice_ods,role_from,role_to\n";
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        browser.get("/admin/members/import");

        Http.Response page = browser.postFile("/admin/members/import", "page.csv", header + memberRow(tag + "P"));

        assertThat(page.status()).as(page.body()).isEqualTo(302);
        String answer = sendInChunks(
                "POST /api/members/imports?fileName=chunked.csv HTTP/1.1",
                Map.of(
                        "Authorization", "Bearer " + new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD),
                        "Content-Type", "text/csv",
                        "Accept", "application/json"),
                header + memberRow(tag + "C"));
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"created\":1");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :n")
                        .param("n", "CHUNK" + tag + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    /**
     * The body limit's refusals, given at once and unread, reach a client that sends the whole body as fast as it can
     * and reads the answer only once it has sent it, as the disk floor's do (UploadRefusedForTheDiskFloorTests): each
     * body is many times what Tomcat swallows before it closes the connection.
     */
    @Test
    void theBodyLimitsRefusalsReachAClientSendingTheWholeBodyAtFullSpeed() throws Exception {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Map<String, String> page = Map.of(
                "Content-Type",
                "multipart/form-data; boundary=xyz",
                "Accept",
                "text/html,application/xhtml+xml,*/*;q=0.8");
        String form = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nods_code,";
        record Refusal(
                String path, Map<String, String> headers, String start, boolean chunked, int status, String says) {}
        List<Refusal> refusals = List.of(
                new Refusal(
                        "/api/tokens",
                        Map.of("Content-Type", "application/json", "Accept", "application/json"),
                        "{\"email\":\"",
                        false,
                        413,
                        "\"maxBytes\""),
                new Refusal("/admin/practices/imports", page, form, false, 413, "id=\"error-advice\""),
                new Refusal(
                        "/api/members/imports?fileName=form.csv",
                        Map.of(
                                "Authorization", "Bearer " + token,
                                "Content-Type", "multipart/form-data; boundary=xyz",
                                "Accept", "application/json"),
                        form,
                        false,
                        415,
                        "\"acceptedTypes\""),
                new Refusal("/admin/members/import", page, form, true, 411, "id=\"error-advice\""),
                new Refusal("/join", page, form, false, 415, "id=\"error-advice\""));
        for (FullSpeedUploads.Client client : FullSpeedUploads.Client.values()) {
            for (Refusal refusal : refusals) {
                String sent = client + " " + refusal.path() + (refusal.chunked() ? " in chunks" : " with its length");
                FullSpeedUploads.Answer answer = FullSpeedUploads.post(
                        client,
                        port,
                        refusal.path(),
                        refusal.headers(),
                        refusal.start(),
                        64 * FullSpeedUploads.MEGABYTE,
                        refusal.chunked());

                assertThat(answer.status()).as(sent).isEqualTo(refusal.status());
                assertThat(answer.body()).as(sent).contains(refusal.says());
            }
        }
    }

    private String memberRow(String tag) {
        String number = "CHUNK" + tag;
        return number + "," + (1_000_000 + Math.floorMod(tag.hashCode(), 8_000_000)) + ",Ada,Chunk,"
                + number.toLowerCase() + "@chunk.test,ACTIVE,2015-04-01,2015-04-01,SALARIED," + practice
                + ",2016-01-01,\n";
    }

    /** A staff member signed in at the pages: their session cookie and the CSRF token their forms carry. */
    private final class Session {

        private final String cookie;
        private final String csrf;

        Session(String email, String password) {
            Http browser = new Http(port);
            browser.signIn(email, password);
            cookie = browser.cookie("GPACTION_SESSION");
            csrf = csrfOf(browser.get("/account").body());
        }

        /** Posts a file to a page, announcing {@code length} bytes, sending only the token and the file's head. */
        String uploadWithoutSendingTheFile(String path, long length) throws IOException {
            return post(
                    path,
                    "multipart/form-data; boundary=xyz",
                    length,
                    "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
                            + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n"
                            + "Content-Type: text/csv\r\n\r\nmembership_number,");
        }

        /**
         * Posts a file to a page as a form sent in chunks, with no length said, sending only its first chunk: the token
         * and the file's head; returns the answer.
         */
        String uploadFirstChunk(String path, String fileName) throws IOException {
            return answerToTheFirstChunk(
                    "POST " + path + "?_csrf=" + csrf + " HTTP/1.1",
                    Map.of(
                            "Cookie", "GPACTION_SESSION=" + cookie,
                            "Content-Type", "multipart/form-data; boundary=xyz",
                            "Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                    "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
                            + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                            + "\"\r\nContent-Type: text/csv\r\n\r\nods_code,");
        }

        /** Posts a form to a page, announcing 900,000 bytes, sending only the token and the name of {@code field}. */
        String formWithoutSendingTheBody(String path, String field) throws IOException {
            return post(path, "application/x-www-form-urlencoded", 900_000, "_csrf=" + csrf + "&" + field + "=");
        }

        private String post(String path, String type, long length, String start) throws IOException {
            return SlowUploads.statusWithoutSendingTheBody(
                    port,
                    "POST " + path + "?_csrf=" + csrf + " HTTP/1.1",
                    Map.of("Cookie", "GPACTION_SESSION=" + cookie, "Content-Type", type),
                    length,
                    start);
        }
    }

    private static Map<String, String> withToken(String token, String type) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", type);
    }

    /** Sends a request whose body comes in chunks, with no length said, all of it; returns the whole answer. */
    private String sendInChunks(String requestLine, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = sendChunked(requestLine, headers, body)) {
            OutputStream out = socket.getOutputStream();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return SlowUploads.answerOf(socket.getInputStream());
        }
    }

    /**
     * Sends the head of a request whose body comes in chunks, with no length said, and only its first chunk,
     * {@code start}; returns the answer, which a server reading the body would never give.
     */
    private String answerToTheFirstChunk(String requestLine, Map<String, String> headers, String start)
            throws IOException {
        try (Socket socket = sendChunked(requestLine, headers, start)) {
            return SlowUploads.answerOf(socket.getInputStream());
        }
    }

    private Socket sendChunked(String requestLine, Map<String, String> headers, String firstChunk) throws IOException {
        Socket socket = new Socket("localhost", port);
        try {
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            chunk(out, firstChunk.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String csrfOf(String page) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return token.group(1).replace("&#45;", "-");
    }
}
