package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.UkTime;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An LMC of its own for one test, its practices, staff accounts made through the API as an administrator would, and
 * safe working set-ups sent through the API as a practice manager would.
 */
public final class CapacityTestData {

    public static final String PASSWORD = "copper willow harbour";
    public static final List<String> EVERY_DAY =
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
    public static final List<String> WEEKDAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");

    /**
     * Wednesday 13 January 2027 at 10:00 UK time (GMT): a working weekday morning with no bank holiday in the days
     * either side, where a test that books contacts or opens the front door sets the application's
     * {@link org.gpaction.support.MovingClock}, so that it has the rest of a working day whenever it runs: in the
     * evening, at a weekend or on a bank holiday as in core hours.
     */
    public static final Instant A_WORKING_MORNING = Instant.parse("2027-01-13T10:00:00Z");

    public final String lmc;
    private final String subIcb;
    private final String icb;
    private final JdbcClient jdbc;
    private final Http http;
    private final String adminToken;

    public CapacityTestData(JdbcClient jdbc, Http http) {
        this.jdbc = jdbc;
        this.http = http;
        TestPractices.LmcArea area = TestPractices.addLmcArea(jdbc, "Capacity LMC ", "K", "Q");
        this.lmc = area.lmc();
        this.icb = area.icb();
        this.subIcb = area.subIcb();
        this.adminToken = http.apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }

    public String adminToken() {
        return adminToken;
    }

    public String icb() {
        return icb;
    }

    /** An open practice in England in this LMC's area, with the given registered list size. */
    public String practice(Integer listSize) {
        String code = TestPractices.newCode();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, list_size, updated_at)
                        values (:code, :name, 'Y63', :icb, array['1 HIGH STREET'], 'TS1 1AA', date '1990-04-01',
                            'ACTIVE', :subIcb, 'ENGLAND', 'GMS', :listSize, :now)
                        """)
                .param("code", code)
                .param("name", "SAFE WORKING TEST PRACTICE " + code)
                .param("icb", icb)
                .param("subIcb", subIcb)
                .param("listSize", listSize)
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return code;
    }

    public String staff(String role, List<String> practices, String lmcName) {
        String email = role.toLowerCase().replace('_', '.') + "."
                + UUID.randomUUID().toString().substring(0, 8) + "@capacity.test";
        Map<String, Object> body =
                new HashMap<>(Map.of("email", email, "password", PASSWORD, "role", role, "practices", practices));
        if (lmcName != null) {
            body.put("lmc", lmcName);
        }
        Http.Response created = http.postJson("/api/staff", body, adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return email;
    }

    public String token(String email) {
        return http.apiToken(email, PASSWORD);
    }

    public String practiceManagerToken(String ods) {
        return token(staff("PRACTICE_MANAGER", List.of(ods), null));
    }

    public String receptionistToken(String ods) {
        return token(staff("RECEPTIONIST", List.of(ods), null));
    }

    /** Action 1 in force at the practice since August 2024, as its manager would choose it. */
    public void takeActionOne(String ods, String managerToken) {
        Http.Response chosen = http.postJson(
                "/api/practices/" + ods + "/actions", Map.of("actionNumber", 1, "from", "2024-08-05"), managerToken);
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(201);
    }

    /** A practice with its safe working set up: its ODS code, its practice manager, and the set-up as saved. */
    public record SafeWorkingPractice(String ods, String managerEmail, String managerToken, JsonNode setUp) {

        /** The id the set-up gave its clinician at {@code index}, in the order they were sent. */
        public long clinicianId(int index) {
            return setUp.get("clinicians").get(index).get("id").asLong();
        }
    }

    /** A practice of 6,000 patients whose manager has taken action 1 and saved these safe working settings. */
    public SafeWorkingPractice practiceTakingActionOne(Map<String, Object> settings) {
        return practiceTakingActionOne(6_000, settings);
    }

    /** A practice of {@code listSize} patients whose manager has taken action 1 and saved these settings. */
    public SafeWorkingPractice practiceTakingActionOne(int listSize, Map<String, Object> settings) {
        return safeWorkingPractice(listSize, true, settings);
    }

    /**
     * A practice of 6,000 patients whose manager has saved these safe working settings without taking action 1, so
     * its caps are not in force.
     */
    public SafeWorkingPractice practiceSetUpWith(Map<String, Object> settings) {
        return safeWorkingPractice(6_000, false, settings);
    }

    private SafeWorkingPractice safeWorkingPractice(int listSize, boolean actionOne, Map<String, Object> settings) {
        String ods = practice(listSize);
        String managerEmail = staff("PRACTICE_MANAGER", List.of(ods), null);
        String managerToken = token(managerEmail);
        if (actionOne) {
            takeActionOne(ods, managerToken);
        }
        return new SafeWorkingPractice(ods, managerEmail, managerToken, setUp(ods, managerToken, settings));
    }

    /** The practice's safe working set-up saved through the API; the set-up as saved, with its clinicians' ids. */
    public JsonNode setUp(String ods, String token, Map<String, Object> settings) {
        Http.Response saved = http.putJson("/api/practices/" + ods + "/capacity/settings", settings, token);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json();
    }

    /** A contact recorded through the API; the answer, with its outcome. */
    public JsonNode contact(String ods, String channel, String kind, String token) {
        Http.Response response =
                http.postJson("/api/practices/" + ods + "/contacts", Map.of("channel", channel, "kind", kind), token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /**
     * A routine request that came by {@code channel} (ONLINE, or RECEPTION, recorded by a receptionist) at noon on
     * {@code came} and was put on the waiting list of {@code forDay}, written as the router would write it; its id.
     */
    public long waitlisted(String ods, String channel, LocalDate came, LocalDate forDay) {
        return jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            waitlisted_for, recorded_by)
                        values (:ods, :day, :at, :channel, 'ROUTINE', 'WAITLISTED', :forDay, :recordedBy)
                        returning id
                        """)
                .param("ods", ods)
                .param("day", Date.valueOf(came))
                .param(
                        "at",
                        Timestamp.from(came.atTime(12, 0).atZone(UkTime.ZONE).toInstant()))
                .param("channel", channel)
                .param("forDay", Date.valueOf(forDay))
                .param("recordedBy", channel.equals("RECEPTION") ? "reception@capacity.test" : null)
                .query(Long.class)
                .single();
    }

    /**
     * A practice open Monday to Friday, taking action 1, with two routine requests on its waiting lists as they stand
     * on Wednesday 13 January 2027 ({@link #A_WORKING_MORNING}), when today's list carries those of the 5 working days
     * before it, back over the weekend to Wednesday 6 January ({@link #FIRST_CARRIED}, 7 days back): one waiting since
     * Tuesday 5 January ({@link #WORKING_DAY_BEFORE}), carried no more, and one since Wednesday 6 January, still
     * carried.
     */
    public record WaitingOverAWeekend(String ods, long notCarried, long carried) {
        public static final LocalDate TODAY = LocalDate.of(2027, 1, 13);
        public static final LocalDate FIRST_CARRIED = LocalDate.of(2027, 1, 6);
        public static final LocalDate WORKING_DAY_BEFORE = LocalDate.of(2027, 1, 5);
    }

    /** {@link WaitingOverAWeekend}, its two requests come by {@code channel}, as {@link #waitlisted} takes it. */
    public WaitingOverAWeekend waitingOverAWeekend(String channel) {
        String ods = practiceTakingActionOne(settings(
                        List.of(clinician("GP 1", 5, WEEKDAYS)), coreHours(WEEKDAYS, "00:00", "23:59:59"), "CLOSE", 0))
                .ods();
        return new WaitingOverAWeekend(
                ods,
                waitlisted(
                        ods,
                        channel,
                        WaitingOverAWeekend.WORKING_DAY_BEFORE.minusDays(1),
                        WaitingOverAWeekend.WORKING_DAY_BEFORE),
                waitlisted(ods, channel, WaitingOverAWeekend.WORKING_DAY_BEFORE, WaitingOverAWeekend.FIRST_CARRIED));
    }

    /** The days of the week but {@code day}, as working days are sent. */
    public static List<String> everyDayBut(DayOfWeek day) {
        return EVERY_DAY.stream().filter(other -> !other.equals(day.name())).toList();
    }

    public static Map<String, Object> clinician(String label, int cap, List<String> days) {
        return new LinkedHashMap<>(Map.of("label", label, "role", "SALARIED_GP", "dailyCap", cap, "workingDays", days));
    }

    /** Core hours covering the whole of every day, so a test's requests are in core hours whenever it runs. */
    public static Map<String, Object> allDay() {
        return coreHours(EVERY_DAY, "00:00", "23:59:59");
    }

    /** Core hours the same on each of these days, none on the others. */
    public static Map<String, Object> coreHours(List<String> days, String opens, String closes) {
        Map<String, Object> hours = new LinkedHashMap<>();
        days.forEach(day -> hours.put(day, Map.of("opens", opens, "closes", closes)));
        return hours;
    }

    public static Map<String, Object> settings(
            List<Map<String, Object>> clinicians, Map<String, Object> coreHours, String whenFull, int reserve) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clinicians", clinicians);
        settings.put("coreHours", coreHours);
        settings.put("countAdmin", true);
        settings.put("urgentReserve", reserve);
        settings.put("whenFull", whenFull);
        settings.put("onlineConsultationUrl", "https://consult.example.org/practice");
        settings.put(
                "signposts",
                new ArrayList<>(List.of(
                        Map.of(
                                "name",
                                "Riverside Urgent Treatment Centre",
                                "kind",
                                "URGENT_TREATMENT_CENTRE",
                                "address",
                                "1 River Road",
                                "phone",
                                "01234 567890",
                                "hours",
                                Map.of("MONDAY", Map.of("opens", "08:00", "closes", "20:00"))),
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
                                Map.of()))));
        return settings;
    }
}
