package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The NHS publications sent as an administrator's script sends them, and codes and months no other test uses. */
final class PublicationFixtures {

    private static final SecureRandom random = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    /**
     * A practice-level file replaces every practice of its months, so each test has months of its own: from a random
     * start in the 1990s, long before any real file.
     */
    private static final AtomicInteger nextMonth = new AtomicInteger(random.nextInt(60));

    private PublicationFixtures() {}

    static YearMonth unusedMonth() {
        return YearMonth.of(1990, 1).plusMonths(nextMonth.getAndIncrement());
    }

    /** No real practice code starts with X. */
    static String practiceCode() {
        return "X" + randomText(5);
    }

    /** Longer than any real sub-ICB code. */
    static String areaCode() {
        return "Q" + randomText(7);
    }

    static String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    static byte[] realFile(String name) {
        return InsightsFixtures.realFile(name);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything the appointments and workforce imports write, refused files in the history aside, in one fingerprint. */
    static String snapshot(JdbcClient jdbc) {
        return jdbc.sql("""
                        select md5(coalesce(string_agg(row_text, '|' order by row_text), ''))
                        from (select a::text as row_text from insights.appointments_area a
                              union all select p::text from insights.appointments_practice p
                              union all select w::text from insights.workforce_practice w
                              union all select w::text from insights.workforce_area w
                              union all select n::text from insights.area_name n
                              union all select r::text from insights.import_run r where r.problems = 0) as everything
                        """).query(String.class).single();
    }

    /** The bootstrap administrator's API. */
    static final class Api {

        private final int port;
        final String adminToken;

        Api(int port) {
            this.port = port;
            Http.Response token = new Http(port)
                    .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
            assertThat(token.status()).isEqualTo(201);
            this.adminToken = token.json().get("token").asString();
        }

        Http.Response importFile(String format, String fileName, byte[] content) {
            return importFile("format=" + format + "&fileName=" + encode(fileName), content);
        }

        Http.Response importWorkforce(String month, String fileName, byte[] content) {
            return importFile("format=workforce&fileName=" + encode(fileName) + "&month=" + encode(month), content);
        }

        private Http.Response importFile(String query, byte[] content) {
            return send(HttpRequest.newBuilder(uri("/api/insights/imports?" + query))
                    .header("Content-Type", "text/csv")
                    .header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        }

        /** As anybody may ask, without signing in. */
        Http.Response getPublic(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        private Http.Response send(HttpRequest.Builder request) {
            return InsightsFixtures.send(request);
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
