package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An LMC of its own for one test: a fresh LMC name, a sub-ICB location and an ICB code no other test uses, its
 * practices, and staff accounts made through the API as an administrator would.
 */
public final class ActionsTestData {

    public static final String PASSWORD = "copper willow harbour";

    final String lmc;
    final String icb;
    final String subIcb;
    private final JdbcClient jdbc;
    private final Http http;
    private final String adminToken;

    public ActionsTestData(JdbcClient jdbc, Http http) {
        this.jdbc = jdbc;
        this.http = http;
        TestPractices.LmcArea area = TestPractices.addLmcArea(jdbc, "Test LMC ", "S", "I");
        this.lmc = area.lmc();
        this.icb = area.icb();
        this.subIcb = area.subIcb();
        this.adminToken = http.apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }

    String adminToken() {
        return adminToken;
    }

    /** An open practice in England in this LMC's area, opened long before the dispute. */
    public String practice() {
        return practice("ACTIVE", null);
    }

    String practice(String status, String closedOn) {
        String code = TestPractices.newCode();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, closed_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:code, :name, 'Y63', :icb, array['1 HIGH STREET'], 'TS1 1AA', date '1990-04-01',
                            cast(:closed as date), :status, :subIcb, 'ENGLAND', 'GMS', :now)
                        """)
                .param("code", code)
                .param("name", "ACTION TEST PRACTICE " + code)
                .param("icb", icb)
                .param("closed", closedOn)
                .param("status", status)
                .param("subIcb", subIcb)
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return code;
    }

    List<String> practices(int count) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            codes.add(practice());
        }
        return codes;
    }

    /** A member of staff's email address; their password is {@link #PASSWORD}. */
    String staff(String role, List<String> practices, String lmc) {
        String email = role.toLowerCase().replace('_', '.') + "."
                + UUID.randomUUID().toString().substring(0, 8) + "@actions.test";
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("email", email, "password", PASSWORD, "role", role, "practices", practices));
        if (lmc != null) {
            body.put("lmc", lmc);
        }
        Http.Response created = http.postJson("/api/staff", body, adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return email;
    }

    public String practiceManager(String... practices) {
        return staff("PRACTICE_MANAGER", List.of(practices), null);
    }

    String lmcOfficer(String lmcName) {
        return staff("LMC_OFFICER", List.of(), lmcName);
    }

    String token(String email) {
        return http.apiToken(email, PASSWORD);
    }
}
