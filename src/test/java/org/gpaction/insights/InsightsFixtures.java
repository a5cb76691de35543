package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;

/** The real NHS files, imports through the API as an administrator, and a reading of CSV apart from the app's. */
public final class InsightsFixtures {

    public static final Path NHS_DATA = Path.of(System.getProperty("gpaction.nhs-data", "../shared/data/nhs"));

    private InsightsFixtures() {}

    public static byte[] realFile(String name) {
        try {
            return Files.readAllBytes(NHS_DATA.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The real NHS file " + NHS_DATA.resolve(name).toAbsolutePath()
                            + " is needed (set -Dgpaction.nhs-data to its folder)",
                    e);
        }
    }

    /**
     * The rows of a CSV file as maps from its header, read with a plain split on commas outside quotes: written apart
     * from the application's parser so that tests check it rather than repeat it.
     */
    public static List<Map<String, String>> rows(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString().replace("\r", ""));
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        List<String> header = records.get(0).stream()
                .map(name -> name.strip().replaceAll("\\s+", " "))
                .toList();
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < record.size() ? record.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Sends a request asking for JSON, and answers what came back. */
    public static Http.Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            request.header("Accept", "application/json").build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

    /** An administrator's API session. */
    public static final class Api {

        private final int port;
        public final Http http;
        public final String adminToken;

        public Api(int port) {
            this.port = port;
            this.http = new Http(port);
            Http.Response token =
                    http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
            assertThat(token.status()).isEqualTo(201);
            this.adminToken = token.json().get("token").asString();
        }

        /** Imports into the practices directory (epraccur, contracts, list-sizes, lmcs). */
        /**
         * Builds the areas again, as an import of the directory does, by a one-row list-size extract for the practice
         * dated at random long before any other test's, so it replaces none of theirs.
         */
        public void rebuildAreasWith(String ods) {
            LocalDate extract = LocalDate.of(2001, 1, 1)
                    .plusDays(ThreadLocalRandom.current().nextInt(4 * 365));
            Http.Response imported = importPractices(
                    "list-sizes",
                    "gp-reg-pat-prac-one.csv",
                    ("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\n" + ods + ",6000," + extract + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        public Http.Response importPractices(String format, String fileName, byte[] content) {
            return post("/api/practices/imports?format=" + format + "&fileName=" + encode(fileName), content);
        }

        /** Imports an NHS publication for the insights; {@code query} adds year= or month=, or is empty. */
        public Http.Response importInsights(String format, String fileName, String query, byte[] content) {
            return post(
                    "/api/insights/imports?format=" + format + "&fileName=" + encode(fileName)
                            + (query.isEmpty() ? "" : "&" + query),
                    content);
        }

        /** Imports a practice-level or sub-ICB appointments file, its header first, and checks it was taken. */
        public void importAppointments(CharSequence file) {
            Http.Response imported = importInsights(
                    "appointments", "appointments.csv", "", file.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        /** Imports a workforce file of the month given, its header first, and checks it was taken. */
        public void importWorkforce(java.time.YearMonth month, CharSequence file) {
            Http.Response imported = importInsights(
                    "workforce",
                    "workforce.csv",
                    "month=" + month,
                    file.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        public Http.Response importMembers(byte[] content) {
            return post("/api/members/imports?fileName=members.csv", content);
        }

        public Http.Response get(String path) {
            return http.get(path, adminToken);
        }

        private Http.Response post(String path, byte[] content) {
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "text/csv")
                    .header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
