package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Practice codes no other test uses, epraccur rows built field by field, and the real NHS files. */
final class PracticeFixtures {

    private static final SecureRandom random = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final Path NHS_DATA = Path.of(System.getProperty("gpaction.nhs-data", "../shared/data/nhs"));

    private PracticeFixtures() {}

    /** No real practice code starts with X. */
    static String practiceCode() {
        return "X" + randomText(5);
    }

    /** Longer than any real ICB or sub-ICB code, so it covers only the practices a test gives it. */
    static String areaCode(String prefix) {
        return prefix + randomText(6);
    }

    static String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    static byte[] realFile(String name) {
        try {
            return Files.readAllBytes(NHS_DATA.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The real NHS file " + NHS_DATA.resolve(name).toAbsolutePath()
                            + " is needed (set -Dgpaction.nhs-data to its folder)",
                    e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One row of the epraccur file: 27 quoted fields, a GP practice unless told otherwise. */
    static final class EpraccurRow {

        private final String[] fields = new String[27];

        EpraccurRow(String odsCode, String name, String icbCode, String subIcbCode) {
            Arrays.fill(fields, "");
            set(1, odsCode);
            set(2, name);
            set(3, "Y63");
            set(4, icbCode);
            set(5, "THE SURGERY");
            set(6, "HIGH STREET");
            set(7, "STOCKTON ON TEES");
            set(10, "TS18 1HU");
            set(11, "19740401");
            set(13, "A");
            set(14, "B");
            set(15, subIcbCode);
            set(16, "20200401");
            set(18, "01642 000000");
            set(22, "0");
            set(24, subIcbCode);
            set(26, "4");
        }

        /** Sets a field by its column number in the NHS description, counting from 1. */
        EpraccurRow set(int column, String value) {
            fields[column - 1] = value;
            return this;
        }

        @Override
        public String toString() {
            return Arrays.stream(fields)
                            .map(field -> "\"" + field.replace("\"", "\"\"") + "\"")
                            .collect(Collectors.joining(","))
                    + "\r\n";
        }
    }

    /** The bootstrap administrator's API, and imports sent as a script would send them. */
    static final class Api {

        private final int port;
        final Http http;
        final String adminToken;

        Api(int port) {
            this.port = port;
            this.http = new Http(port);
            Http.Response token =
                    http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
            assertThat(token.status()).isEqualTo(201);
            this.adminToken = token.json().get("token").asString();
        }

        Http.Response importFile(String format, String fileName, byte[] content) {
            return importFile(format, fileName, content, adminToken);
        }

        Http.Response importFile(String format, String fileName, byte[] content, String token) {
            return importFile(format, fileName, HttpRequest.BodyPublishers.ofByteArray(content), token);
        }

        /** Sent in chunks with no length given, as a client streaming a file does. */
        Http.Response importFileOfUnknownLength(String format, String fileName, byte[] content) {
            return importFile(
                    format,
                    fileName,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(content)),
                    adminToken);
        }

        private Http.Response importFile(
                String format, String fileName, HttpRequest.BodyPublisher content, String token) {
            String query = "/api/practices/imports?format=" + format + "&fileName=" + fileName;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + query))
                    .header("Content-Type", "text/csv")
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(content)
                    .build();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                Map<String, String> headers = new LinkedHashMap<>();
                response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                return new Http.Response(response.statusCode(), headers, response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        Http.Response get(String path) {
            return http.get(path, adminToken);
        }
    }

    /** Everything the practices module stores, in one fingerprint: equal before and after means nothing changed. */
    static String snapshot(JdbcClient jdbc) {
        return jdbc.sql("""
                        select md5(coalesce(string_agg(row_text, '|' order by row_text), ''))
                        from (select p::text as row_text from practices.practice p
                              union all select l::text from practices.lmc l
                              union all select a::text from practices.lmc_area a
                              union all select r::text from practices.import_run r where r.problems = 0
                              union all select h::text from practices.list_size h
                              union all select e::text from practices.list_size_extract e) as everything
                        """).query(String.class).single();
    }
}
