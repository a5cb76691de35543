package org.gpaction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pressures pages with five years of monthly data: the real epraccur file's practices, 60 months of practice-level
 * appointments, workforce and registered patients imported through the API, then the England page and an ICB page
 * fetched with {@code wrk} on one connection (its latency on loopback is the server's time), beside the sign-in page
 * (a template with no data) as the reference in the same run. Prints BENCH lines; asserts only that the data the
 * pages sum was loaded.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.accounts.failures-per-address=100000"
        })
class PressuresPageBenchmark {

    static final YearMonth FIRST = YearMonth.of(2021, 4);
    static final int MONTHS = 60;
    static final String ICB = "QSL";
    static final int SECONDS = 10;
    static final DateTimeFormatter APPOINTMENT_MONTH = DateTimeFormatter.ofPattern("ddMMMyyyy", Locale.ENGLISH);
    static final List<String> STATUSES = List.of("Attended", "DNA", "Unknown");
    static final List<String> HCP_TYPES = List.of("GP", "Other Practice staff");
    static final List<String> WAITS = List.of("Same Day", "2 to 7 Days", "15  to 21 Days");
    static final List<String> MODES = List.of("Face-to-Face", "Telephone");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    String token;

    @Test
    void englandAndIcbPagesWithFiveYearsOfMonths() throws Exception {
        Http http = new Http(port);
        token = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Path dir = Files.createTempDirectory("pressures-bench");
        post(
                "/api/practices/imports?format=epraccur&fileName=epraccur.csv",
                Path.of("../shared/data/nhs/epraccur.csv"));
        List<String[]> practices = jdbc.sql(
                        "select ods_code, sub_icb_code from practices.practice where status = 'ACTIVE' and nation = 'ENGLAND'")
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        long started = System.nanoTime();
        long generated = 0;
        for (int m = 0; m < MONTHS; m++) {
            YearMonth month = FIRST.plusMonths(m);
            Path appointments = dir.resolve("appointments.csv");
            generated += writeAppointments(appointments, month, practices);
            post("/api/insights/imports?format=appointments&fileName=appointments-" + month + ".csv", appointments);
            Path workforce = dir.resolve("workforce.csv");
            writeWorkforce(workforce, practices, m);
            post(
                    "/api/insights/imports?format=workforce&month=" + month + "&fileName=workforce-" + month + ".csv",
                    workforce);
            Path lists = dir.resolve("lists.csv");
            writeListSizes(lists, month, practices, m);
            post("/api/practices/imports?format=list-sizes&fileName=lists-" + month + ".csv", lists);
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        long counted = jdbc.sql("select coalesce(sum(appointments), 0) from insights.appointments_area")
                .query(Long.class)
                .single();
        assertThat(counted).isEqualTo(generated);
        assertThat(jdbc.sql("select count(distinct month) from insights.workforce_area")
                        .query(Long.class)
                        .single())
                .isEqualTo(MONTHS);
        System.out.printf(
                "BENCH pressures: loaded %d months for %,d practices (%,d appointments) through the API in %.1f s%n",
                MONTHS, practices.size(), generated, loadSeconds);

        Path script = dir.resolve("get.lua");
        Files.writeString(script, """
                function init(args)
                  path = args[1]
                end
                function request()
                  return wrk.format("GET", path)
                end
                """ + LoadTools.WRK_DONE);
        String url = "http://127.0.0.1:" + port;
        LoadTools.WrkFigures reference = measure(script, url, "/sign-in");
        LoadTools.WrkFigures england = measure(script, url, "/pressures");
        LoadTools.WrkFigures icb = measure(script, url, "/pressures/icb/" + ICB);
        LoadTools.WrkFigures englandJson = measure(script, url, "/api/insights/pressures");
        report("sign-in page (reference)", reference, reference);
        report("England page", england, reference);
        report("ICB " + ICB + " page", icb, reference);
        report("England JSON (GET /api/insights/pressures)", englandJson, reference);
    }

    private LoadTools.WrkFigures measure(Path script, String url, String path) throws Exception {
        LoadTools.wrk(script, url, 1, 3, path);
        LoadTools.WrkFigures figures = LoadTools.wrk(script, url, 1, SECONDS, path);
        if (figures.refused() > 0 || figures.requests() == 0) {
            throw new IllegalStateException(path + " answered " + figures.refused() + " requests with an error");
        }
        return figures;
    }

    private static void report(String what, LoadTools.WrkFigures figures, LoadTools.WrkFigures reference) {
        System.out.printf(
                "BENCH pressures: %s, %,d requests on one connection: p50 %.1f ms, p99 %.1f ms, p50 %.1f× the sign-in "
                        + "page's (target 100 ms: %s)%n",
                what,
                figures.requests(),
                figures.p50Millis(),
                figures.p99Millis(),
                figures.p50Millis() / reference.p50Millis(),
                figures.p99Millis() <= 100 ? "met" : "NOT met");
    }

    /** A month of the practice-level file: 36 rows a practice; answers the appointments written. */
    private static long writeAppointments(Path file, YearMonth month, List<String[]> practices) throws IOException {
        long total = 0;
        String start = month.atDay(1).format(APPOINTMENT_MONTH).toUpperCase(Locale.ROOT);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,SUB_ICB_LOCATION_CODE,"
                    + "SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,TIME_BETWEEN_BOOK_AND_APPT,"
                    + "COUNT_OF_APPOINTMENTS,APPT_STATUS\n");
            int i = 0;
            for (String[] practice : practices) {
                for (String status : STATUSES) {
                    for (String hcp : HCP_TYPES) {
                        for (String mode : MODES) {
                            for (String wait : WAITS) {
                                int count = 1 + (i++ * 7919) % 400;
                                total += count;
                                out.write(start + "," + practice[0] + ",PRACTICE,EMIS,U00000,PCN," + practice[1]
                                        + ",SUB ICB," + hcp + "," + mode + ",General Consultation Routine," + wait + ","
                                        + count + "," + status + "\n");
                            }
                        }
                    }
                }
            }
        }
        return total;
    }

    private static void writeWorkforce(Path file, List<String[]> practices, int m) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                    + "TOTAL_GP_EXTGL_FTE\n");
            int i = 0;
            for (String[] practice : practices) {
                int patients = 3_000 + (i * 104_729 + m) % 15_000;
                out.write(practice[0] + ",PRACTICE," + practice[1] + ",SUB ICB,Q00,ICB," + patients + ","
                        + String.format(Locale.ROOT, "%.2f", patients / 1_800.0) + ","
                        + String.format(Locale.ROOT, "%.2f", patients / 2_300.0) + "\n");
                i++;
            }
        }
    }

    private static void writeListSizes(Path file, YearMonth month, List<String[]> practices, int m) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("PUBLICATION,EXTRACT_DATE,TYPE,CODE,NUMBER_OF_PATIENTS\n");
            int i = 0;
            for (String[] practice : practices) {
                out.write("GP_PRAC_PAT_LIST," + month.atDay(1) + ",GP," + practice[0] + ","
                        + (3_000 + (i++ * 104_729 + m) % 15_000) + "\n");
            }
        }
    }

    private void post(String path, Path body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .header("Content-Type", "text/csv")
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.ofFile(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
