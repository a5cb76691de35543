package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.OwnerOnly;
import org.gpaction.common.imports.UploadCopies;
import org.gpaction.common.imports.UploadSpace;
import org.gpaction.common.imports.UploadsFolderFull;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.SlowUploads;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An upload that would leave the disk of the uploads folder with less free than its floor is refused with 503 before
 * any of it is read: most requests here announce a large file and send only its first bytes, so a server that read
 * the body (to drop it, or to parse the form) would wait for the rest, and the answer would never come; others send
 * the whole file at full speed and read the answer only then, so a server that closed the connection under them would
 * lose it. The disk is brought to its floor by a copy that holds all the room over it, as an upload under way does, and
 * waits.
 */
@GpActionTest
class UploadRefusedForTheDiskFloorTests {

    /** Within each import's own limit (members 100 MB, NHS files 500 MB), and far more than the room left. */
    static final Map<String, Long> API_UPLOADS = Map.of(
            "/api/members/imports?fileName=%s", 90L * 1024 * 1024,
            "/api/insights/imports?format=appointments&fileName=%s", 450L * 1024 * 1024);

    static final Map<String, Long> PAGE_UPLOADS = Map.of(
            "/admin/members/import", 90L * 1024 * 1024,
            "/admin/insights/imports", 450L * 1024 * 1024);

    /** Sent whole, within each import's own limit: many times the 2 MB Tomcat swallows before it closes. */
    static final List<FullSpeedUpload> FULL_SPEED_API_UPLOADS = List.of(
            new FullSpeedUpload("/api/members/imports?fileName=%s", 64 * FullSpeedUploads.MEGABYTE, false),
            new FullSpeedUpload("/api/members/imports?fileName=%s", 64 * FullSpeedUploads.MEGABYTE, true),
            new FullSpeedUpload(
                    "/api/insights/imports?format=appointments&fileName=%s", 128 * FullSpeedUploads.MEGABYTE, false));

    record FullSpeedUpload(String path, long length, boolean chunked) {}

    static final Map<String, Long> FULL_SPEED_PAGE_UPLOADS = Map.of(
            "/admin/members/import", 64 * FullSpeedUploads.MEGABYTE,
            "/admin/insights/imports", 128 * FullSpeedUploads.MEGABYTE);

    static final String RECEPTIONISTS_PASSWORD = "saucer lichen rowboat";

    /** What the copy holding the disk leaves free over the floor: less than any upload here announces. */
    static final long LEFT_OVER = 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    UploadCopies uploads;

    @Autowired
    UploadSpace space;

    @Autowired
    GpActionProperties app;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    final ExecutorService copying = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopCopying() {
        copying.shutdownNow();
    }

    @Test
    void anApiUploadIsRefusedUnreadWith503SayingWhenToSendItAgain_andNothingIsImported() throws Exception {
        String token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        for (Map.Entry<String, Long> upload : API_UPLOADS.entrySet()) {
            String fileName = "floor-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
            String path = String.format(Locale.ROOT, upload.getKey(), fileName);
            String answer;
            try (HeldRoom held = holdTheRoom()) {
                answer = SlowUploads.answerWithoutSendingTheBody(
                        port,
                        "POST " + path + " HTTP/1.1",
                        Map.of(
                                "Authorization", "Bearer " + token,
                                "Content-Type", "text/csv",
                                "Accept", "application/json"),
                        upload.getValue(),
                        "membership_number,");
            }

            assertThat(answer).as(path).startsWith("HTTP/1.1 503").doesNotContain("[no more within");
            assertThat(head(answer))
                    .as(path)
                    .containsIgnoringCase("\nRetry-After: " + UploadsFolderFull.RETRY_AFTER_SECONDS + "\r")
                    .containsIgnoringCase("\nConnection: close\r")
                    .containsIgnoringCase("\nContent-Type: application/problem+json");
            assertThat(answer)
                    .as(path)
                    .contains("\"title\":\"Too little disk space free\"")
                    .contains("Send it again in 5 minutes");
            assertNothingImported(fileName);
        }
    }

    @Test
    void aPageUploadIsRefusedUnreadWith503SayingWhenToSendItAgain_onceItsSenderMaySendIt_andNothingIsImported()
            throws Exception {
        String receptionist = "reception." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
        staffAccounts.create(
                new CreateStaffCommand(
                        receptionist, RECEPTIONISTS_PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        PageSession administrator = new PageSession(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        PageSession notAnAdministrator = new PageSession(receptionist, RECEPTIONISTS_PASSWORD);
        for (Map.Entry<String, Long> upload : PAGE_UPLOADS.entrySet()) {
            String path = upload.getKey();
            String fileName = "floor-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
            String refusedItsRole;
            String answer;
            try (HeldRoom held = holdTheRoom()) {
                refusedItsRole = notAnAdministrator.uploadWithoutSendingTheFile(path, upload.getValue(), fileName);
                answer = administrator.uploadWithoutSendingTheFile(path, upload.getValue(), fileName);
            }

            assertThat(refusedItsRole)
                    .as(path + " from a receptionist: the role is checked first")
                    .startsWith("HTTP/1.1 403");
            assertThat(answer).as(path).startsWith("HTTP/1.1 503").doesNotContain("[no more within");
            assertThat(head(answer))
                    .as(path)
                    .containsIgnoringCase("\nRetry-After: " + UploadsFolderFull.RETRY_AFTER_SECONDS + "\r")
                    .containsIgnoringCase("\nConnection: close\r")
                    .containsIgnoringCase("\nContent-Type: text/html")
                    .as(path + ": Spring Security's headers, as on any page, each once")
                    .containsIgnoringCase("\nX-Content-Type-Options: nosniff\r")
                    .containsIgnoringCase("\nCache-Control: no-cache, no-store")
                    .containsPattern("(?i)\nPermissions-Policy: ");
            assertThat(head(answer).toLowerCase(Locale.ROOT).split("\nx-content-type-options:", -1))
                    .as(path + ": nosniff once")
                    .hasSize(2);
            assertThat(answer)
                    .as(path)
                    .containsPattern("id=\"error-advice\"[^>]*>The server has too little disk space free to take the"
                            + " file now: nothing was imported. Send it again in 5 minutes")
                    .as(path + ": not the fault a reference is given for")
                    .doesNotContain("give them this reference");
            assertNothingImported(fileName);
        }
    }

    /**
     * A client that sends the whole file as fast as it can and reads the answer only once it has sent it gets the 503
     * and its problem document, not a reset: the server answers at once and then reads and drops what the client goes
     * on sending, where it would otherwise close the connection under it.
     */
    @Test
    void anApiUploadSentWholeAtFullSpeedGetsIts503_notAReset() throws Exception {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Map<String, String> headers =
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/csv", "Accept", "application/json");
        for (FullSpeedUploads.Client client : FullSpeedUploads.Client.values()) {
            for (FullSpeedUpload upload : FULL_SPEED_API_UPLOADS) {
                String fileName = "floor-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
                String path = String.format(Locale.ROOT, upload.path(), fileName);
                String sent = client + " " + path + (upload.chunked() ? " in chunks" : " with its length");
                FullSpeedUploads.Answer answer;
                try (HeldRoom held = holdTheRoom()) {
                    answer = FullSpeedUploads.post(
                            client, port, path, headers, "membership_number,", upload.length(), upload.chunked());
                }

                assertThat(answer.status()).as(sent).isEqualTo(503);
                assertThat(answer.header("Retry-After"))
                        .as(sent)
                        .hasValue(String.valueOf(UploadsFolderFull.RETRY_AFTER_SECONDS));
                assertThat(answer.header("Content-Type")).as(sent).hasValue("application/problem+json");
                assertThat(answer.body())
                        .as(sent)
                        .contains("\"title\":\"Too little disk space free\"")
                        .contains("Send it again in 5 minutes");
                assertNothingImported(fileName);
            }
        }
    }

    /** As above, for a browser's form to an import page: the error page, not a reset. */
    @Test
    void aPageUploadSentWholeAtFullSpeedGetsIts503Page_notAReset() throws Exception {
        PageSession administrator = new PageSession(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (FullSpeedUploads.Client client : FullSpeedUploads.Client.values()) {
            for (Map.Entry<String, Long> upload : FULL_SPEED_PAGE_UPLOADS.entrySet()) {
                String path = upload.getKey();
                String fileName = "floor-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
                FullSpeedUploads.Answer answer;
                try (HeldRoom held = holdTheRoom()) {
                    answer = administrator.uploadAtFullSpeed(client, path, upload.getValue(), fileName);
                }

                String sent = client + " " + path;
                assertThat(answer.status()).as(sent).isEqualTo(503);
                assertThat(answer.header("Retry-After"))
                        .as(sent)
                        .hasValue(String.valueOf(UploadsFolderFull.RETRY_AFTER_SECONDS));
                assertThat(answer.header("Content-Type"))
                        .as(sent)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
                assertThat(answer.body())
                        .as(sent)
                        .containsPattern("id=\"error-advice\"[^>]*>The server has too little disk space free to take"
                                + " the file now: nothing was imported. Send it again in 5 minutes");
                assertNothingImported(fileName);
            }
        }
    }

    /**
     * A client that asks before sending ({@code Expect: 100-continue}, as curl does for a large file) is never told to
     * go on once refused, so sends nothing more: the connection is closed after the answer, not held waiting for a body
     * that will not come.
     */
    @Test
    void aClientWaitingToBeToldToSendIsAnswered503AndTheConnectionClosed() throws Exception {
        String token = new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        PageSession administrator = new PageSession(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Map<String, Map<String, String>> requests = Map.of(
                "/api/members/imports?fileName=expecting.csv",
                Map.of(
                        "Authorization", "Bearer " + token,
                        "Content-Type", "text/csv",
                        "Accept", "application/json",
                        "Expect", "100-continue"),
                "/admin/members/import",
                Map.of(
                        "Cookie", "GPACTION_SESSION=" + administrator.cookie,
                        "Content-Type", "multipart/form-data; boundary=xyz",
                        "Accept", "text/html,application/xhtml+xml,*/*;q=0.8",
                        "Expect", "100-continue"));
        for (Map.Entry<String, Map<String, String>> request : requests.entrySet()) {
            String path = request.getKey();
            try (HeldRoom held = holdTheRoom();
                    Socket socket = SlowUploads.send(
                            port,
                            "POST " + path + " HTTP/1.1",
                            request.getValue(),
                            64 * FullSpeedUploads.MEGABYTE,
                            "")) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();

                String answer = SlowUploads.answerOf(in);
                assertThat(answer).as(path).startsWith("HTTP/1.1 503").doesNotContain("100 Continue");
                int after;
                try {
                    after = in.read();
                } catch (SocketTimeoutException stillOpen) {
                    after = -2;
                }
                assertThat(after)
                        .as(path + ": the connection closed after the answer (-1), not held open (-2)")
                        .isEqualTo(-1);
            }
        }
    }

    /** Someone signed in at the pages: their session cookie and the CSRF token their forms carry. */
    private final class PageSession {

        private final String cookie;
        private final String csrf;

        PageSession(String email, String password) {
            Http browser = new Http(port);
            browser.signIn(email, password);
            cookie = browser.cookie("GPACTION_SESSION");
            csrf = csrfOf(browser.get("/account").body());
        }

        /** Posts an import page's form as a browser does, announcing {@code length} bytes, sending only its head. */
        String uploadWithoutSendingTheFile(String path, long length, String fileName) throws IOException {
            return SlowUploads.answerWithoutSendingTheBody(
                    port, "POST " + path + " HTTP/1.1", headers(), length, formUpTo(fileName));
        }

        /** Posts an import page's form as a browser does, the whole of it, as fast as the connection takes it. */
        FullSpeedUploads.Answer uploadAtFullSpeed(
                FullSpeedUploads.Client client, String path, long length, String fileName) throws Exception {
            return FullSpeedUploads.post(client, port, path, headers(), formUpTo(fileName), length, false);
        }

        private Map<String, String> headers() {
            return Map.of(
                    "Cookie", "GPACTION_SESSION=" + cookie,
                    "Content-Type", "multipart/form-data; boundary=xyz",
                    "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        }

        /** The form's fields, and the file's part up to its first bytes. */
        private String formUpTo(String fileName) {
            return "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
                    + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nappointments"
                    + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: text/csv\r\n\r\nmembership_number,";
        }
    }

    private void assertNothingImported(String fileName) {
        for (String schema : new String[] {"membership", "insights"}) {
            assertThat(jdbc.sql("select count(*) from " + schema + ".import_run where file_name = :name")
                            .param("name", fileName)
                            .query(Integer.class)
                            .single())
                    .as("runs of " + fileName + " in the " + schema + " import history")
                    .isZero();
        }
    }

    /**
     * Starts a copy that holds all the room over the floor but {@link #LEFT_OVER}, and returns once it holds it. Other
     * work on this machine changes the space free meanwhile: a copy that finds less than it asks for is refused, and
     * asks again for what is left.
     */
    private HeldRoom holdTheRoom() throws Exception {
        Path folder = OwnerOnly.directory(app.dataDir().resolve("uploads"));
        for (int attempt = 1; ; attempt++) {
            long room = Files.getFileStore(folder).getUsableSpace()
                    - space.minFreeSpace().toBytes()
                    - LEFT_OVER;
            HeldRoom held = new HeldRoom();
            CompletableFuture<Void> copied = CompletableFuture.runAsync(
                    () -> {
                        try (UploadCopies.Copy copy = uploads.copy(held, room, Long.MAX_VALUE)) {
                            // Nothing is read from it: the copy only held the room while it waited.
                        }
                    },
                    copying);
            try {
                CompletableFuture.anyOf(held.waiting, copied).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException refused) {
                if (!(refused.getCause() instanceof UploadsFolderFull)) {
                    throw refused;
                }
            }
            if (held.waiting.isDone()) {
                held.copied = copied;
                return held;
            }
            assertThat(attempt).as("attempts to hold the room over the floor").isLessThan(20);
        }
    }

    /** The content of a copy under way that sends nothing until it is closed, and then ends. */
    private static final class HeldRoom extends InputStream implements AutoCloseable {

        final CompletableFuture<Void> waiting = new CompletableFuture<>();
        final CountDownLatch released = new CountDownLatch(1);
        CompletableFuture<Void> copied;

        @Override
        public int read() throws IOException {
            return read(new byte[1], 0, 1);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            waiting.complete(null);
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while holding the room", e);
            }
            return -1;
        }

        /** Ends the copy, giving the room back. */
        @Override
        public void close() throws IOException {
            released.countDown();
            try {
                copied.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("The copy holding the room did not end", e);
            }
        }
    }

    private static String head(String answer) {
        int endOfHead = answer.indexOf("\r\n\r\n");
        return endOfHead < 0 ? answer : answer.substring(0, endOfHead + 2);
    }

    private static String csrfOf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return token.group(1).replace("&#45;", "-");
    }
}
