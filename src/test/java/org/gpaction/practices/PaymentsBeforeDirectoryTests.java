package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;
import static org.gpaction.insights.InsightsFixtures.rows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.insights.InsightsFixtures;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.RuleSet;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On a fresh install the NHS Payments file may be imported before the practice file: the contract types it gives
 * are kept for the practices the directory imports after it. On a database of its own, whose directory is empty
 * until this test imports the real files; the ballot tests share that database, so what the imports added is deleted
 * again afterwards.
 */
class PaymentsBeforeDirectoryTests extends OwnBallotDatabase {

    /** The tables the payments and practice imports add rows to, and the key that tells their rows apart. */
    private static final Map<String, String> ADDED_TO = Map.of(
            "practices.practice", "ods_code",
            "practices.payments_contract_type", "ods_code",
            "practices.import_run", "id",
            "insights.payment", "year || ' ' || ods_code",
            "insights.area_name", "code",
            "insights.import_run", "id");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Practices practices;

    @Autowired
    Eligibility eligibility;

    private String practice;

    /** The partner this test adds; deleting it deletes its role and status history with it. */
    private ReplacementFixtures.Voter partner;

    /** What the database held before, by key, for each table the two imports add to. */
    private final Map<String, List<String>> before = new LinkedHashMap<>();

    private List<String> membersBefore;

    @BeforeEach
    void noteWhatIsThere() {
        ADDED_TO.forEach((table, key) -> before.put(table, keys(table, key)));
        membersBefore = keys("membership.member", "membership_number");
    }

    /**
     * Tests sharing this database count its eligible members and build rolls from its directory: the partner this test
     * adds is gone once it ends, and so are the rows the imports added, so the members and the directory are as they
     * were.
     */
    @AfterEach
    void takeAwayWhatTheImportsAdded() {
        if (partner != null) {
            jdbc.sql("delete from membership.member where membership_number = :number")
                    .param("number", partner.number())
                    .update();
        }
        ADDED_TO.forEach(
                (table, key) -> jdbc.sql("delete from " + table + " where not ((" + key + ")::text = any(:before))")
                        .param("before", before.get(table).toArray(String[]::new))
                        .update());
        ADDED_TO.forEach((table, key) ->
                assertThat(keys(table, key)).as(table).containsExactlyInAnyOrderElementsOf(before.get(table)));
        assertThat(keys("membership.member", "membership_number"))
                .as("membership.member")
                .containsExactlyInAnyOrderElementsOf(membersBefore);
    }

    private List<String> keys(String table, String key) {
        return jdbc.sql("select (" + key + ")::text from " + table)
                .query(String.class)
                .list();
    }

    @Test
    void aPracticeThePaymentsFileNamesGmsIsGmsWhenTheDirectoryIsImportedAfterIt_andItsPartnersAreEligible() {
        Set<String> activeGpPractices = new String(realFile("epraccur.csv"), StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.substring(1, line.length() - 1).split("\",\"", -1))
                .filter(fields -> fields[12].equals("A") && fields[25].equals("4"))
                .map(fields -> fields[0])
                .collect(Collectors.toSet());
        practice = rows(realFile("payments-2022-23.csv")).stream()
                .filter(row -> row.get("Contract Type").equals("GMS"))
                .map(row -> row.get("Practice Code"))
                .filter(activeGpPractices::contains)
                .findFirst()
                .orElseThrow();
        assertThat(practices.find(practice))
                .as("not in the directory before the practice file")
                .isEmpty();
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);

        Http.Response payments = api.importInsights(
                "payments", "payments-2022-23.csv", "year=2022-23", realFile("payments-2022-23.csv"));
        assertThat(payments.status()).as(payments.body()).isEqualTo(201);
        Http.Response directory = api.importPractices("epraccur", "epraccur.csv", realFile("epraccur.csv"));
        assertThat(directory.status()).as(directory.body()).isEqualTo(201);

        assertThat(practices.find(practice).orElseThrow().contractType()).isEqualTo(ContractType.GMS);
        partner = new ReplacementFixtures(jdbc).member(practice);
        EligibilityDecision decision = eligibility
                .decide(partner.number(), RuleSet.GP_PARTNERS_ENGLAND, Instant.now())
                .orElseThrow();
        assertThat(decision.eligible())
                .as(String.join("; ", decision.reasons()))
                .isTrue();
        assertThat(decision.practiceOds()).isEqualTo(practice);
    }
}
