package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.insights.InsightsFixtures;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every import that takes a file is given every other kind of file we know, the real NHS files among them: each is
 * refused with one problem saying what the file looks like and where it goes, and nothing changes.
 */
@GpActionTest
class WrongKindOfFileTests {

    /** The kinds of file, each as a real file where the shared data has one and a small file of its shape if not. */
    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

    static {
        FILES.put("epraccur", realFile("epraccur.csv"));
        FILES.put("list sizes 2021", realFile("gp-reg-pat-prac-all.csv"));
        FILES.put("list sizes 2026", realFile("gp-reg-pat-prac-all-2026-03.csv"));
        FILES.put("payments", realFile("payments-2022-23.csv"));
        FILES.put("sub-ICB appointments", realFile("appointments-ccg-monthly-somerset.csv"));
        FILES.put("contracts", utf8("ods_code,contract_type\nA81001,GMS\n"));
        FILES.put("LMC areas", utf8("lmc_name,area_code\nCleveland LMC,16C\n"));
        FILES.put(
                "membership",
                utf8("membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,"
                        + "joined_on,role,practice_ods,role_from,role_to\n"
                        + "WK1,1234567,Ada,Okafor,ada@example.org,ACTIVE,2015-04-01,2015-04-01,,,,\n"));
        FILES.put(
                "practice appointments",
                utf8("APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,SUB_ICB_LOCATION_CODE,"
                        + "SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,TIME_BETWEEN_BOOK_AND_APPT,"
                        + "COUNT_OF_APPOINTMENTS,APPT_STATUS\n"
                        + "01OCT2024,A81001,X,EMIS,U1,P,16C,S,GP,Face-to-Face,General Consultation Routine,"
                        + "Same Day,10,Attended\n"));
        FILES.put(
                "workforce",
                utf8("PRAC_CODE,PRAC_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,TOTAL_GP_EXTGL_FTE\nA81001,X,5000,3,2.5\n"));
    }

    /** Each import, what its refusals call it, and the files it takes (the rest are another kind). */
    private record Importer(String path, String name, String... itsOwn) {}

    private static final Importer[] IMPORTERS = {
        new Importer("/api/practices/imports?format=epraccur", "not epraccur", "epraccur"),
        new Importer(
                "/api/practices/imports?format=list-sizes", "not list sizes", "list sizes 2021", "list sizes 2026"),
        new Importer("/api/practices/imports?format=contracts", "not contract types", "contracts"),
        new Importer("/api/practices/imports?format=lmcs", "not LMC areas", "LMC areas"),
        new Importer("/api/members/imports?", "not a membership file", "membership"),
        new Importer("/api/insights/imports?format=payments&year=2020-21", "not NHS Payments", "payments"),
        new Importer(
                "/api/insights/imports?format=appointments",
                "not Appointments in General Practice",
                "sub-ICB appointments",
                "practice appointments"),
        new Importer("/api/insights/imports?format=workforce&month=2021-03", "not General Practice", "workforce"),
    };

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    String adminToken;

    @BeforeEach
    void signIn() {
        Http.Response token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
        assertThat(token.status()).isEqualTo(201);
        adminToken = token.json().get("token").asString();
    }

    @Test
    void everyImportRefusesEveryOtherKindOfFileInOneLineSayingWhatItLooksLikeAndChangesNothing() {
        String before = everything();
        int refusals = 0;
        for (Importer importer : IMPORTERS) {
            for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
                if (List.of(importer.itsOwn()).contains(file.getKey())) {
                    continue;
                }
                String attempt = file.getKey() + " given to " + importer.path();
                Http.Response refused = post(importer.path() + "&fileName=wrong.csv", file.getValue());
                assertThat(refused.status()).as(attempt + ": " + refused.body()).isEqualTo(400);
                JsonNode body = refused.json();
                assertThat(body.get("problemCount").asInt()).as(attempt).isEqualTo(1);
                JsonNode problem = body.get("problems").get(0);
                assertThat(problem.get("line").asInt()).as(attempt).isEqualTo(1);
                assertThat(problem.get("field").asString()).as(attempt).isEqualTo("file");
                assertThat(problem.get("message").asString())
                        .as(attempt)
                        .startsWith("This looks like ")
                        .contains(", " + importer.name())
                        .contains(": import it on ");
                refusals++;
            }
        }
        assertThat(refusals).isEqualTo(IMPORTERS.length * FILES.size() - 10);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aWrongFileFarLargerThanTheServerSwallowsUnreadStillGetsItsAnswer() {
        // 16 MB of payments, refused from its first line: the server answers while the client is still sending.
        byte[] payments = realFile("payments-2022-23.csv");
        byte[] large = new byte[payments.length * 4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(payments, 0, large, i * payments.length, payments.length);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Http.Response refused = post("/api/practices/imports?format=epraccur&fileName=big.csv", large);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("problems").get(0).get("message").asString())
                    .startsWith("This looks like ");
        }
    }

    @Test
    void theListSizeFileGivenAsEpraccurSaysWhatItIsAndWhereItGoes() {
        Http.Response refused = post(
                "/api/practices/imports?format=epraccur&fileName=gp-reg-pat-prac-all.csv",
                realFile("gp-reg-pat-prac-all.csv"));

        assertThat(refused.status()).isEqualTo(400);
        JsonNode body = refused.json();
        assertThat(body.get("problems")).hasSize(1);
        assertThat(body.get("problems").get(0).get("message").asString())
                .isEqualTo("This looks like the NHS Digital list-size file (Patients Registered at a GP Practice), not "
                        + "epraccur: import it on Import practice data as list sizes (format=list-sizes)");
        JsonNode latest = latestIn("/api/practices/imports");
        assertThat(latest.get("fileName").asString()).isEqualTo("gp-reg-pat-prac-all.csv");
        assertThat(latest.get("outcome").asString()).isEqualTo("refused");
        assertThat(latest.get("problems").asInt()).isEqualTo(1);
        assertThat(latest.get("firstProblem").asString()).startsWith("line 1, file: This looks like the NHS Digital");
    }

    @Test
    void theMembershipHistoryKeepsARefusedFileWithWhoWhenAndItsFirstProblemAsThePracticeHistoryDoes() {
        Http.Response refused = post("/api/members/imports?fileName=epraccur.csv", realFile("epraccur.csv"));
        assertThat(refused.status()).isEqualTo(400);

        JsonNode latest = latestIn("/api/members/imports");
        assertThat(latest.get("what").asString()).isEqualTo("Membership file");
        assertThat(latest.get("fileName").asString()).isEqualTo("epraccur.csv");
        assertThat(latest.get("importedBy").asString()).isEqualTo(TestAdmin.EMAIL);
        assertThat(latest.get("importedAt").asString()).isNotBlank();
        assertThat(latest.get("problems").asInt()).isEqualTo(1);
        assertThat(latest.get("firstProblem").asString())
                .isEqualTo("line 1, file: This looks like the NHS ODS practice file (epraccur), not a membership "
                        + "file: import it on Import practice data as GP practices (format=epraccur)");
    }

    @Test
    void theInsightsHistoryKeepsARefusedFileWithWhoWhenAndItsFirstProblemAsTheOtherHistoriesDo() {
        Http.Response refused = post(
                "/api/insights/imports?format=workforce&month=2021-03&fileName=epraccur-as-workforce.csv",
                realFile("epraccur.csv"));
        assertThat(refused.status()).isEqualTo(400);

        JsonNode latest = latestIn("/api/insights/imports");
        assertThat(latest.get("format").asString()).isEqualTo("workforce");
        assertThat(latest.get("fileName").asString()).isEqualTo("epraccur-as-workforce.csv");
        assertThat(latest.get("importedBy").asString()).isEqualTo(TestAdmin.EMAIL);
        assertThat(latest.get("rowsRead").asInt()).isZero();
        assertThat(latest.get("problems").asInt()).isEqualTo(1);
        assertThat(latest.get("firstProblem").asString())
                .startsWith("line 1, file: This looks like the NHS ODS practice file (epraccur)");
    }

    /** The newest entry of an import history. */
    private JsonNode latestIn(String history) {
        return new Http(port).get(history + "?limit=1", adminToken).json().get(0);
    }

    /** What the imports write, refused files in the histories aside. */
    private String everything() {
        return jdbc.sql("""
                        select md5(coalesce(string_agg(row_text, '|' order by row_text), ''))
                        from (select p::text as row_text from practices.practice p
                              union all select l::text from practices.lmc l
                              union all select a::text from practices.lmc_area a
                              union all select h::text from practices.list_size h
                              union all select r::text from practices.import_run r where r.problems = 0
                              union all select m::text from membership.member m
                              union all select r::text from membership.member_role r
                              union all select r::text from membership.import_run r where r.problems = 0
                              union all select p::text from insights.payment p
                              union all select a::text from insights.appointments_area a
                              union all select a::text from insights.appointments_practice a
                              union all select w::text from insights.workforce_practice w
                              union all select r::text from insights.import_run r where r.problems = 0) as everything
                        """).query(String.class).single();
    }

    private Http.Response post(String pathAndQuery, byte[] content) {
        return InsightsFixtures.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
