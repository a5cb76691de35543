package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;
import static org.gpaction.insights.InsightsFixtures.rows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On a fresh install the NHS Payments file may be imported before the practice file: the contract types it gives
 * are kept for the practices the directory imports after it. On a database of its own, whose directory is empty
 * until this test imports the real files.
 */
class PaymentsBeforeDirectoryTests extends OwnBallotDatabase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Practices practices;

    @Autowired
    Eligibility eligibility;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        jdbc.sql("delete from membership.member_role where practice_ods = :p")
                .param("p", practice)
                .update();
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
        ReplacementFixtures.Voter partner = new ReplacementFixtures(jdbc).member(practice);
        EligibilityDecision decision = eligibility
                .decide(partner.number(), RuleSet.GP_PARTNERS_ENGLAND, Instant.now())
                .orElseThrow();
        assertThat(decision.eligible())
                .as(String.join("; ", decision.reasons()))
                .isTrue();
        assertThat(decision.practiceOds()).isEqualTo(practice);
    }
}
