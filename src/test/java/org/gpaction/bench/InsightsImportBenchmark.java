package org.gpaction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pressures: a national month of the practice-level Appointments in General Practice file (a million rows, about
 * 6,500 practices by the categories each has) imported through the API as an administrator's script sends it, beside
 * PostgreSQL's own {@code COPY} of the same file into an unlogged table on the same machine in the same run. Prints
 * BENCH lines; asserts only that the work was done (the appointments counted in the areas are those generated).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.accounts.failures-per-address=100000"
        })
class InsightsImportBenchmark {

    static final int ROWS = 1_000_000;
    /** Each practice has this many of the 6,480 combinations of categories, so ~6,500 practices make a million. */
    static final int ROWS_PER_PRACTICE = 154;

    static final int SUB_ICB_LOCATIONS = 106;
    static final double TARGET_SECONDS = 10;
    static final LocalDate MONTH = LocalDate.of(2024, 10, 1);
    static final String HEADER = "APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,"
            + "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,"
            + "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS,APPT_STATUS";
    static final List<String> STATUSES = List.of("Attended", "DNA", "Unknown");
    static final List<String> HCP_TYPES = List.of("GP", "Other Practice staff", "Unknown");
    static final List<String> MODES =
            List.of("Face-to-Face", "Telephone", "Home Visit", "Video Conference/Online", "Unknown");
    static final List<String> WAITS = List.of(
            "Same Day",
            "1 Day",
            "2 to 7 Days",
            "8  to 14 Days",
            "15  to 21 Days",
            "22  to 28 Days",
            "More than 28 Days",
            "Unknown / Data Issue");
    static final List<String> NATIONAL_CATEGORIES = List.of(
            "General Consultation Routine",
            "General Consultation Acute",
            "Clinical Triage",
            "Planned Clinics",
            "Unplanned Clinical Activity",
            "Home Visit",
            "Structured Medication Review",
            "Patient contact during Care Home Round",
            "Care Home Visit",
            "\"Care Home Needs Assessment & Personalised Care and Support Planning\"",
            "Walk-in",
            "Service provided by organisation external to the practice",
            "Non-contractual chargeable work",
            "Social Prescribing Service",
            "Group Consultation and Group Education",
            "Planned Clinical Procedure",
            "Inconsistent Mapping",
            "Unmapped");

    @org.springframework.test.context.DynamicPropertySource
    static void ownDatabase(org.springframework.test.context.DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("gpaction-insights-bench-");
        registry.add("gpaction.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aNationalMonthOfPracticeLevelAppointments() throws Exception {
        Path file = Files.createTempFile("appointments-practice-level-", ".csv");
        try {
            long generated = write(file);
            long bytes = Files.size(file);
            String token = new Http(port)
                    .postJson(
                            "/api/tokens",
                            Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "name", "bench"))
                    .json()
                    .get("token")
                    .asString();

            // What outlives the young generation: rows held, or the compact keys and totals that should be all.
            System.gc();
            List<MemoryPoolMXBean> oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool ->
                            pool.getType() == MemoryType.HEAP && pool.getName().contains("Old"))
                    .toList();
            long oldBefore = oldGeneration.stream()
                    .mapToLong(pool -> pool.getUsage().getUsed())
                    .sum();
            oldGeneration.forEach(MemoryPoolMXBean::resetPeakUsage);
            double first = importOverHttp(file, token);
            long oldGrowth = oldGeneration.stream()
                            .mapToLong(pool -> pool.getPeakUsage().getUsed())
                            .sum()
                    - oldBefore;
            assertThat(appointmentsCounted()).isEqualTo(generated);
            double again = importOverHttp(file, token);
            assertThat(appointmentsCounted()).isEqualTo(generated);
            assertThat(jdbc.sql("select count(*) from insights.appointments_practice where month = :month")
                            .param("month", MONTH)
                            .query(Integer.class)
                            .single())
                    .isEqualTo((ROWS + ROWS_PER_PRACTICE - 1) / ROWS_PER_PRACTICE);
            double copy = copy(file);

            System.out.printf(
                    "BENCH insights: %,d practice-level appointment rows (%.0f MB, %,d appointments) imported over "
                            + "HTTP: first import %.1f s = %,.0f rows/s, again (replacing it) %.1f s = %,.0f rows/s%n",
                    ROWS, bytes / 1e6, generated, first, ROWS / first, again, ROWS / again);
            System.out.printf(
                    "BENCH insights: PostgreSQL COPY of the same file into an unlogged table %.1f s = %,.0f rows/s; "
                            + "import time over COPY time = %.2f (first) and %.2f (again)%n",
                    copy, ROWS / copy, first / copy, again / copy);
            System.out.printf(
                    "BENCH insights: old generation grew at most %.0f MB during the first import (server and client in "
                            + "one JVM), for a file of %.0f MB%n",
                    oldGrowth / 1e6, bytes / 1e6);
            System.out.printf(
                    "BENCH insights: target %,d rows imported in <= %.0f s: %s (first %.1f s, again %.1f s)%n",
                    ROWS, TARGET_SECONDS, Math.max(first, again) <= TARGET_SECONDS ? "met" : "NOT met", first, again);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes the file; the number of appointments it counts. */
    private static long write(Path file) throws Exception {
        long total = 0;
        String month = "01OCT2024";
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write("\r\n");
            for (int i = 0; i < ROWS; i++) {
                int practice = i / ROWS_PER_PRACTICE;
                int combination = (i % ROWS_PER_PRACTICE * 42 + practice) % 6_480;
                String wait = WAITS.get(combination % 8);
                combination /= 8;
                String mode = MODES.get(combination % 5);
                combination /= 5;
                String hcp = HCP_TYPES.get(combination % 3);
                combination /= 3;
                String status = STATUSES.get(combination % 3);
                String category = NATIONAL_CATEGORIES.get(combination / 3);
                int subIcb = practice % SUB_ICB_LOCATIONS;
                long count = 1 + (i * 7_919L) % 97;
                total += count;
                out.write(month);
                out.write(",B");
                out.write(String.format("%05d", practice));
                out.write(",THE BENCH SURGERY ");
                out.write(Integer.toString(practice));
                out.write(",EMIS,U");
                out.write(String.format("%05d", practice / 6));
                out.write(",BENCH PRIMARY CARE NETWORK ");
                out.write(Integer.toString(practice / 6));
                out.write(",S");
                out.write(String.format("%02d", subIcb));
                out.write(",NHS Bench ICB - S");
                out.write(String.format("%02d", subIcb));
                out.write(',');
                out.write(hcp);
                out.write(',');
                out.write(mode);
                out.write(',');
                out.write(category);
                out.write(',');
                out.write(wait);
                out.write(',');
                out.write(Long.toString(count));
                out.write(',');
                out.write(status);
                out.write("\r\n");
            }
        }
        return total;
    }

    private double importOverHttp(Path file, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/insights/imports?format=appointments&fileName=appointments-practice-level.csv"))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "text/csv")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return seconds;
    }

    private long appointmentsCounted() {
        return jdbc.sql("select coalesce(sum(appointments), 0) from insights.appointments_area where month = :month")
                .param("month", MONTH)
                .query(Long.class)
                .single();
    }

    /** The reference: PostgreSQL reading the same file as text into a table that writes no WAL. */
    private double copy(Path file) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                InputStream in = Files.newInputStream(file)) {
            statement.execute("""
                    create unlogged table if not exists public.bench_appointments_copy (
                        month text, gp_code text, gp_name text, supplier text, pcn_code text, pcn_name text,
                        sub_icb_code text, sub_icb_name text, hcp_type text, appt_mode text, national_category text,
                        time_between text, count_of_appointments text, appt_status text)
                    """);
            statement.execute("truncate public.bench_appointments_copy");
            long started = System.nanoTime();
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "copy public.bench_appointments_copy from stdin with (format csv, header true)",
                            in,
                            64 * 1024);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(copied).isEqualTo(ROWS);
            statement.execute("drop table public.bench_appointments_copy");
            return seconds;
        }
    }
}
