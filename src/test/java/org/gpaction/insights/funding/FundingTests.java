package org.gpaction.insights.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;
import static org.gpaction.insights.InsightsFixtures.rows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gpaction.insights.InsightsFixtures;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.RuleSet;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class FundingTests {

    static final String GLOBAL_SUM = "Global Sum";
    static final String WEIGHTED = "Number of Weighted Patients (Last Known Figure)";
    static final String REGISTERED = "Number of Registered Patients (Last Known Figure)";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Practices practices;

    @Autowired
    Eligibility eligibility;

    InsightsFixtures.Api api;

    @BeforeEach
    void importDirectoryAndBothYears() {
        api = new InsightsFixtures.Api(port);
        assertThat(api.importPractices("epraccur", "epraccur.csv", realFile("epraccur.csv"))
                        .status())
                .isEqualTo(201);
        for (String year : List.of("2022-23", "2018-19")) {
            Http.Response imported = api.importInsights(
                    "payments", "payments-" + year + ".csv", "year=" + year, realFile("payments-" + year + ".csv"));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().get("period").asString()).isEqualTo(year);
        }
    }

    @Test
    void eachYearSumsAsTheRealFileDoes() {
        for (String year : List.of("2018-19", "2022-23")) {
            List<Map<String, String>> file = rows(realFile("payments-" + year + ".csv"));
            BigDecimal globalSum = sum(file, GLOBAL_SUM);
            BigDecimal weighted = sum(file, WEIGHTED);

            JsonNode funding = api.get("/api/insights/funding?year=" + year).json();

            assertThat(funding.get("year").asString()).isEqualTo(year);
            assertThat(funding.get("practices").asInt()).isEqualTo(file.size());
            assertThat(funding.get("registeredPatients").decimalValue()).isEqualByComparingTo(sum(file, REGISTERED));
            assertThat(funding.get("weightedPatients").decimalValue()).isEqualByComparingTo(weighted);
            assertThat(funding.get("globalSum").decimalValue()).isEqualByComparingTo(globalSum);
            assertThat(funding.get("globalSumPerWeightedPatient").decimalValue())
                    .isEqualByComparingTo(globalSum.divide(weighted, 2, RoundingMode.HALF_UP));
        }
        assertThat(rows(realFile("payments-2022-23.csv"))).hasSize(6_669);
        assertThat(rows(realFile("payments-2018-19.csv"))).hasSize(7_279);
    }

    @Test
    void theYearsDownloadAsCsvForAnyone() {
        Http.Response csv = new Http(port).get("/pressures/funding/years.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).contains("global-sum-by-year.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).contains("year,practices,registered_patients");
        String latest = lines.stream()
                .filter(line -> line.startsWith("2022-23,"))
                .findFirst()
                .orElseThrow();
        List<Map<String, String>> file = rows(realFile("payments-2022-23.csv"));
        assertThat(latest).startsWith("2022-23," + file.size() + ",");
        assertThat(latest).contains("," + sum(file, GLOBAL_SUM).toPlainString() + ",");
    }

    @Test
    void onePracticeAndOneIcbSumOnlyTheirRows() {
        List<Map<String, String>> file = rows(realFile("payments-2022-23.csv"));
        Map<String, String> densham = file.stream()
                .filter(row -> row.get("Practice Code").equals("A81001"))
                .findFirst()
                .orElseThrow();
        JsonNode practice =
                api.get("/api/insights/funding?year=2022-23&practice=A81001").json();
        assertThat(practice.get("practices").asInt()).isEqualTo(1);
        assertThat(practice.get("globalSum").decimalValue()).isEqualByComparingTo(densham.get(GLOBAL_SUM));

        List<String[]> epraccur = new String(realFile("epraccur.csv"), StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.substring(1, line.length() - 1).split("\",\"", -1))
                .toList();
        Map<String, String> icbOfOpenSubIcb = new HashMap<>();
        epraccur.stream()
                .filter(fields -> fields[12].equals("A") && fields[25].equals("4"))
                .forEach(fields -> icbOfOpenSubIcb.put(fields[14], fields[3]));
        // A practice is in the ICB its sub-ICB location is in today: one closed since keeps its old area team code.
        Map<String, String> icbOf = new HashMap<>();
        epraccur.forEach(fields -> icbOf.put(fields[0], icbOfOpenSubIcb.getOrDefault(fields[14], fields[3])));
        List<Map<String, String>> inQhm = file.stream()
                .filter(row -> "QHM".equals(icbOf.get(row.get("Practice Code"))))
                .toList();
        JsonNode icb = api.get("/api/insights/funding?year=2022-23&icb=QHM").json();
        // Paid in 2022/23 under QHM's sub-ICB locations, closed since with the code Q74.
        assertThat(inQhm).extracting(row -> row.get("Practice Code")).contains("A82060", "A87014", "A88614");
        assertThat(icb.get("practices").asInt()).isEqualTo(inQhm.size());
        assertThat(icb.get("globalSum").decimalValue()).isEqualByComparingTo(sum(inQhm, GLOBAL_SUM));
        assertThat(icb.get("weightedPatients").decimalValue()).isEqualByComparingTo(sum(inQhm, WEIGHTED));
    }

    @Test
    void thePaymentYearsForOnePracticeAndOneIcbAtOnceAreRefusedAsOneYearIs() {
        for (String address : List.of("/api/insights/funding?year=2022-23&", "/api/insights/funding/years?")) {
            Http.Response both = api.get(address + "practice=A81001&icb=QHM");
            assertThat(both.status()).as(address).isEqualTo(400);
            assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("practice");
            assertThat(both.json().get("detail").asString()).isEqualTo("Ask for one practice or one ICB, not both");
        }
    }

    @Test
    void aYearNoPaymentsFileIsImportedForIsNotFound_namingTheYearsThatAre() {
        for (String address : List.of(
                "/api/insights/funding?year=2015-16",
                "/api/insights/funding?year=2015-16&practice=A81001",
                "/api/insights/funding?year=2015-16&icb=QHM")) {
            Http.Response missing = api.get(address);
            assertThat(missing.status()).as(address + ": " + missing.body()).isEqualTo(404);
            assertThat(missing.json().get("detail").asString())
                    .as(address)
                    .startsWith("No payments file is imported for 2015-16: years imported are ")
                    .contains("2018-19", "2022-23");
        }
        Http.Response mistyped = api.get("/api/insights/funding?year=2015");
        assertThat(mistyped.status())
                .as("a year not written as one is still what was typed")
                .isEqualTo(400);
        assertThat(mistyped.json().get("errors").get(0).get("field").asString()).isEqualTo("year");
    }

    /**
     * The GMS figure per weighted patient counted the weighted patients of GMS practices paid no global sum, which
     * added nothing to what was paid: 82.68 for 2018/19 where the 4,935 GMS practices paid one give 84.87, and 60.00
     * here where the one practice paid gives 90.00.
     */
    @Test
    void theGmsFigurePerWeightedPatientIsOverTheGmsPracticesPaidAGlobalSum() {
        JsonNode realYear = yearRow("2018-19", api.get("/api/insights/funding/years"));
        assertThat(realYear.get("gms").get("practices").asInt()).isEqualTo(4_935);
        assertThat(realYear.get("gms").get("globalSumPerWeightedPatient").decimalValue())
                .isEqualByComparingTo("84.87");

        String year = "2019-20";
        String file = "Practice Code,Practice Name,Contract Type,Number of Registered Patients (Last Known Figure),"
                + "Number of Weighted Patients (Last Known Figure),Global Sum,Total NHS Payments to General Practice\n"
                + "Z99901,PAID,GMS,900,1000,90000,95000\n"
                + "Z99902,NOT PAID,GMS,400,500,0,1000\n"
                + "Z99903,PMS ONE,PMS,900,1000,0,100000\n";
        try {
            Http.Response imported = api.importInsights("payments", "small.csv", "year=" + year, file.getBytes());
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);

            JsonNode small = yearRow(year, api.get("/api/insights/funding/years"));
            assertThat(small.get("gms").get("practices").asInt()).isEqualTo(1);
            assertThat(small.get("gms").get("weightedPatients").decimalValue()).isEqualByComparingTo("1000");
            assertThat(small.get("gms").get("globalSumPerWeightedPatient").decimalValue())
                    .isEqualByComparingTo("90.00");
            assertThat(small.get("all").get("globalSumPerWeightedPatient").decimalValue())
                    .as("over every practice in the file, as before")
                    .isEqualByComparingTo("36.00");
            String csvYear = new Http(port)
                    .get("/pressures/funding/years.csv")
                    .body()
                    .lines()
                    .filter(line -> line.startsWith(year + ","))
                    .findFirst()
                    .orElseThrow();
            String[] cells = csvYear.split(",", -1);
            assertThat(cells).as(csvYear).hasSize(10);
            assertThat(cells[6]).as("gms_practices").isEqualTo("1");
            assertThat(new BigDecimal(cells[7])).as("gms_weighted_patients").isEqualByComparingTo("1000");
            assertThat(new BigDecimal(cells[9]))
                    .as("gms_global_sum_per_weighted_patient")
                    .isEqualByComparingTo("90.00");
        } finally {
            jdbc.sql("delete from insights.payment where year = :year")
                    .param("year", year)
                    .update();
        }
    }

    private static JsonNode yearRow(String year, Http.Response years) {
        assertThat(years.status()).as(years.body()).isEqualTo(200);
        for (JsonNode row : years.json()) {
            if (row.get("all").get("year").asString().equals(year)) {
                return row;
            }
        }
        throw new AssertionError("No " + year + " in " + years.body());
    }

    @Test
    void importingAYearAgainReplacesItRatherThanAddingToIt() {
        BigDecimal before = api.get("/api/insights/funding?year=2022-23")
                .json()
                .get("globalSum")
                .decimalValue();

        Http.Response again = api.importInsights(
                "payments", "payments-2022-23.csv", "year=2022-23", realFile("payments-2022-23.csv"));

        assertThat(again.json().get("replaced").asInt()).isEqualTo(6_669);
        assertThat(api.get("/api/insights/funding?year=2022-23")
                        .json()
                        .get("globalSum")
                        .decimalValue())
                .isEqualByComparingTo(before);
    }

    @Test
    void theDirectoryTakesContractTypesFromTheLatestYearAndTheContractsFileWins() {
        Map<String, String> older = new HashMap<>();
        rows(realFile("payments-2018-19.csv"))
                .forEach(row -> older.put(row.get("Practice Code"), row.get("Contract Type")));
        List<Map<String, String>> latest = rows(realFile("payments-2022-23.csv"));
        // Imported 2022-23 first and 2018-19 after it: the later year still decides.
        Map<String, String> changed = latest.stream()
                .filter(row -> older.containsKey(row.get("Practice Code"))
                        && List.of("GMS", "PMS", "APMS").contains(row.get("Contract Type"))
                        && List.of("GMS", "PMS", "APMS").contains(older.get(row.get("Practice Code")))
                        && !row.get("Contract Type").equals(older.get(row.get("Practice Code"))))
                .filter(row -> source(row.get("Practice Code")).equals("PAYMENTS 2022-23"))
                .findFirst()
                .orElseThrow();
        String code = changed.get("Practice Code");
        assertThat(practices.find(code).orElseThrow().contractType())
                .isEqualTo(ContractType.valueOf(changed.get("Contract Type")));

        ContractType correction = ContractType.valueOf(older.get(code));
        Http.Response corrected = api.importPractices(
                "contracts", "contracts.csv", ("ods_code,contract_type\n" + code + "," + correction + "\n").getBytes());
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);

        assertThat(practices.find(code).orElseThrow().contractType()).isEqualTo(correction);
        assertThat(source(code)).isEqualTo("CONTRACTS_FILE");
    }

    @Test
    void aPartnerAtAGmsPracticeKnownOnlyFromThePaymentsFileIsOnTheRoll() {
        String code = rows(realFile("payments-2022-23.csv")).stream()
                .filter(row -> row.get("Contract Type").equals("GMS"))
                .map(row -> row.get("Practice Code"))
                .filter(ods -> source(ods).equals("PAYMENTS 2022-23"))
                .filter(ods -> practices.find(ods).orElseThrow().status().name().equals("ACTIVE"))
                .findFirst()
                .orElseThrow();
        String members = "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,"
                + "joined_on,role,practice_ods,role_from,role_to\n"
                + "PAY0001,7912345,Given,Partner,pay0001@funding.test,ACTIVE,2015-01-01,2015-01-01,"
                + "CONTRACTOR_PARTNER," + code + ",2016-01-01,\n";
        Http.Response imported = api.importMembers(members.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isBetween(200, 201);

        EligibilityDecision decision = eligibility
                .decide("PAY0001", RuleSet.GP_PARTNERS_ENGLAND, Instant.now())
                .orElseThrow();

        assertThat(decision.eligible()).as(decision.reasons().toString()).isTrue();
        assertThat(decision.evidence()).contains("GMS contract");
    }

    @Test
    void theSwingometerDeflatesTheOfferByCpiAndScalesTheShortfall() {
        BigDecimal ratio = new BigDecimal("133.9").divide(new BigDecimal("105.9"), MathContext.DECIMAL64);
        BigDecimal offered = new BigDecimal("107.57").multiply(new BigDecimal("1.019"));
        BigDecimal needed = new BigDecimal("88.96").multiply(ratio);
        BigDecimal shortfall = needed.subtract(offered);
        List<Map<String, String>> latest = rows(realFile("payments-2022-23.csv"));
        long englandWeighted =
                sum(latest, WEIGHTED).setScale(0, RoundingMode.HALF_UP).longValueExact();
        long denshamWeighted = latest.stream()
                .filter(row -> row.get("Practice Code").equals("A81001"))
                .map(row -> new BigDecimal(row.get(WEIGHTED))
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact())
                .findFirst()
                .orElseThrow();

        JsonNode swing = api.get("/api/insights/funding/swing?uplift=1.9&practice=A81001")
                .json();

        assertThat(swing.get("offered").decimalValue()).isEqualByComparingTo(offered.setScale(2, RoundingMode.HALF_UP));
        assertThat(swing.get("needed").decimalValue()).isEqualByComparingTo(needed.setScale(2, RoundingMode.HALF_UP));
        assertThat(swing.get("shortfallPerPatient").decimalValue())
                .isEqualByComparingTo(shortfall.setScale(2, RoundingMode.HALF_UP));
        assertThat(swing.get("realChangePercent").decimalValue())
                .isEqualByComparingTo(offered.divide(ratio, MathContext.DECIMAL64)
                        .divide(new BigDecimal("88.96"), MathContext.DECIMAL64)
                        .subtract(BigDecimal.ONE)
                        .movePointRight(2)
                        .setScale(1, RoundingMode.HALF_UP));
        assertThat(swing.get("latestYear").asString()).isEqualTo("2022-23");
        assertThat(swing.get("englandWeightedPatients").asLong()).isEqualTo(englandWeighted);
        List<BigDecimal> lists = latest.stream()
                .map(row -> new BigDecimal(row.get(WEIGHTED)))
                .filter(weighted -> weighted.signum() > 0)
                .toList();
        assertThat(lists.size())
                .as("the real file has rows with no weighted patients")
                .isLessThan(latest.size());
        assertThat(swing.get("averagePracticeWeightedPatients").asLong())
                .as("the average practice's list, over the practices that had one")
                .isEqualTo(lists.stream()
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(lists.size()), 0, RoundingMode.HALF_UP)
                        .longValueExact());
        assertThat(swing.get("englandShortfall").decimalValue())
                .isEqualByComparingTo(
                        shortfall.multiply(BigDecimal.valueOf(englandWeighted)).setScale(2, RoundingMode.HALF_UP));
        assertThat(swing.get("practice").get("weightedPatients").asLong()).isEqualTo(denshamWeighted);
        assertThat(swing.get("practice").get("shortfall").decimalValue())
                .isEqualByComparingTo(
                        shortfall.multiply(BigDecimal.valueOf(denshamWeighted)).setScale(2, RoundingMode.HALF_UP));

        JsonNode generous = api.get("/api/insights/funding/swing?uplift=6").json();
        assertThat(generous.get("shortfallPerPatient").decimalValue())
                .isEqualByComparingTo(needed.subtract(new BigDecimal("107.57").multiply(new BigDecimal("1.06")))
                        .max(BigDecimal.ZERO)
                        .setScale(2, RoundingMode.HALF_UP));
        assertThat(api.get("/api/insights/funding/swing?uplift=.5").status()).isEqualTo(200);
        // Within -50..100 as numbers, but exponents (which would cost seconds of arithmetic on millions of digits, or
        // a number too large to hold) and more digits than a percentage needs are refused, naming the parameter.
        for (String hostile : List.of("1e-20000000", "1e-1000000000", "1E1", "0x10", "1234", "1.23456")) {
            Http.Response refused = api.http.get("/api/insights/funding/swing?uplift=" + hostile);
            assertThat(refused.status()).as(hostile).isEqualTo(400);
            assertThat(refused.body()).as(hostile).contains("uplift", "is not a percentage");
            Http.Response page = new Http(port).get("/pressures/funding?uplift=" + hostile);
            assertThat(page.status()).as(hostile).isEqualTo(400);
            assertThat(page.body()).as(hostile).contains("is not a percentage").contains("<title>Error: ");
        }
    }

    @Test
    void poundsOnTheSwingometerAreShownWithTheirPence_evenWhenAFigureIsKeptWithoutTrailingZeros() {
        Map<String, Object> kept = jdbc
                .sql("select key, value from insights.reference_figure where unit = 'GBP'")
                .query()
                .listOfRows()
                .stream()
                .collect(Collectors.toMap(row -> (String) row.get("key"), row -> row.get("value")));
        try {
            jdbc.sql("update insights.reference_figure set value = 107.5 where key = 'global-sum-2024-25'")
                    .update();
            jdbc.sql("update insights.reference_figure set value = 89 where key = 'global-sum-2018-19'")
                    .update();

            String page = new Http(port).get("/pressures/funding").body().replaceAll("\\s+", " ");

            assertThat(page)
                    .contains("£107.50 in 2024/25 plus")
                    .contains("against <span>£89.00</span> in 2018/19")
                    .contains("£107.50</td>")
                    .contains("£89.00</td>")
                    .doesNotContain("£107.5 ")
                    .doesNotContain("£107.5<")
                    .doesNotContain("£89<");
        } finally {
            kept.forEach(
                    (key, value) -> jdbc.sql("update insights.reference_figure set value = :value where key = :key")
                            .param("value", value)
                            .param("key", key)
                            .update());
        }
    }

    @Test
    void theSwingometerPageSaysEveryShortfallIsPricedAtTheGmsRatePmsAndApmsPracticesToo() {
        String page = new Http(port).get("/pressures/funding").body().replaceAll("\\s+", " ");

        assertThat(page)
                .contains("<p class=\"govuk-body\" id=\"shortfall-method\">Every shortfall here is priced at the GMS"
                        + " global sum rate, for PMS and APMS practices too: they are paid mostly under their own"
                        + " agreements rather than the global sum, so for them, and for the England figure that"
                        + " counts them, it is what the gap would be at the GMS rate.</p>");
    }

    @Test
    void theUpliftIsFromMinus50To100InTheFormAndTheSliderSaysWhereItsShorterRangeEnds() {
        for (String within : List.of("-50", "100", "-49.9999", "99.9999")) {
            assertThat(new Http(port).get("/pressures/funding?uplift=" + within).status())
                    .as(within)
                    .isEqualTo(200);
        }
        for (String outside : List.of("-50.0001", "100.0001", "-51", "101")) {
            Http.Response page = new Http(port).get("/pressures/funding?uplift=" + outside);
            assertThat(page.status()).as(outside).isEqualTo(400);
            assertThat(page.body())
                    .as(outside)
                    .contains("<title>Error: ")
                    .contains("<a href=\"#uplift\">Enter an uplift between -50% and 100%</a>")
                    .contains("id=\"uplift\"");
            Http.Response answer = api.get("/api/insights/funding/swing?uplift=" + outside);
            assertThat(answer.status()).as(outside).isEqualTo(400);
            assertThat(answer.body()).as(outside).contains("uplift", "between -50% and 100%");
        }

        String page = new Http(port).get("/pressures/funding").body().replaceAll("\\s+", " ");
        assertThat(page)
                .contains("Enter any figure from -50 to 100.")
                .containsPattern("<input type=\"range\" id=\"uplift-slider\" min=\"0\" max=\"15\" step=\"0.1\""
                        + " aria-describedby=\"uplift-slider-hint\"")
                .contains("<div class=\"govuk-hint\" id=\"uplift-slider-hint\">It runs from 0% to 15%: type any other"
                        + " figure from -50 to 100 in the box above.</div>");
    }

    @Test
    void aCorrectionToNoSuchFigureSaysSoWithoutLinkingToAFieldThePageDoesNotHave() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/admin/insights/reference");

        Http.Response refused = pages.postForm(
                "/admin/insights/reference/figures/no-such-figure", Map.of("value", "1", "source", "A source"));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body())
                .contains("There is no reference figure no-such-figure")
                .doesNotContain("href=\"#figure\"");
        String summary = refused.body()
                .substring(refused.body().indexOf("govuk-error-summary__list"))
                .replaceFirst("(?s)</ul>.*", "");
        assertThat(summary).contains("There is no reference figure no-such-figure");
        Matcher links = Pattern.compile("href=\"#([^\"]*)\"").matcher(summary);
        while (links.find()) {
            assertThat(refused.body())
                    .as("the error summary links only to what the page has")
                    .contains("id=\"" + links.group(1) + "\"");
        }

        Http.Response badValue = pages.postForm(
                "/admin/insights/reference/figures/global-sum-2018-19", Map.of("value", "x", "source", "A source"));
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.body())
                .contains("<a href=\"#value-global-sum-2018-19\">")
                .contains("id=\"value-global-sum-2018-19\"");
    }

    @Test
    void aPracticeMissingFromTheLatestPaymentsFileIsPricedOnAnOlderYearAndSaysWhich() {
        // Stoneleigh Surgery (A82034) is in the 2018-19 file and not in the 2022-23 one; A81001 is in both.
        JsonNode older = api.get("/api/insights/funding/swing?uplift=1.9&practice=A82034")
                .json();
        assertThat(older.get("latestYear").asString()).isEqualTo("2022-23");
        assertThat(older.get("practice").get("year").asString()).isEqualTo("2018-19");
        assertThat(older.get("practice").get("weightedPatients").asLong()).isEqualTo(7684);
        assertThat(api.get("/api/insights/funding/swing?uplift=1.9&practice=A81001")
                        .json()
                        .get("practice")
                        .get("year")
                        .asString())
                .isEqualTo("2022-23");

        String page = new Http(port)
                .get("/pressures/funding?uplift=1.9&practice=A82034")
                .body()
                .replaceAll("\\s+", " ");
        assertThat(page)
                .containsPattern(
                        "7,684</span> weighted patients in <span id=\"practice-year\">2018-19</span>: it has no"
                                + " weighted patients in the <span>2022-23</span> payments file");
        assertThat(new Http(port)
                        .get("/pressures/funding?uplift=1.9&practice=A81001")
                        .body())
                .doesNotContain("id=\"practice-year\"");
    }

    @Test
    void aPracticeListedWithNoWeightedPatientsInTheLatestFileIsPricedOnItsLastListAndSaysWhichYear() {
        // Beechwood Group Practice (A82048) closed on 31 March 2022: the 2022-23 file still lists it, with no weighted
        // patients, and the 2018-19 one with 6,825.43.
        JsonNode swing = api.get("/api/insights/funding/swing?uplift=1.9&practice=A82048")
                .json();

        assertThat(swing.get("practice").get("year").asString()).isEqualTo("2018-19");
        assertThat(swing.get("practice").get("weightedPatients").asLong()).isEqualTo(6825);
        assertThat(swing.get("practice").get("shortfall").decimalValue()).isPositive();
        assertThat(new Http(port)
                        .get("/pressures/funding?uplift=1.9&practice=A82048")
                        .body()
                        .replaceAll("\\s+", " "))
                .contains("6,825</span> weighted patients in <span id=\"practice-year\">2018-19</span>: it has no"
                        + " weighted patients in the <span>2022-23</span> payments file");
    }

    @Test
    void aRefusedCorrectionComesBackAsTheAdministratorTypedIt() {
        String key = "global-sum-2018-19";
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/admin/insights/reference");

        Http.Response refused = pages.postForm(
                "/admin/insights/reference/figures/" + key, Map.of("value", "abc", "source", "New source"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .containsPattern("<input[^>]*id=\"value-" + key + "\"[^>]*value=\"abc\"")
                .containsPattern("<input[^>]*id=\"source-" + key + "\"[^>]*value=\"New source\"")
                .as("the other figures keep what is stored")
                .containsPattern("<input[^>]*id=\"value-global-sum-2024-25\"[^>]*value=\"[0-9.]+\"");
        assertThat(api.get("/api/insights/reference").body()).doesNotContain("New source");
    }

    @Test
    void anAdministratorCorrectsAReferenceFigureWithItsSourceAndOthersCannot() {
        Http.Response anonymous = new Http(port)
                .putJson("/api/insights/reference/global-sum-2018-19", Map.of("value", 90, "source", "x"), null);
        assertThat(anonymous.status()).isEqualTo(401);
        Http.Response noSource =
                api.http.putJson("/api/insights/reference/global-sum-2018-19", Map.of("value", 90), api.adminToken);
        assertThat(noSource.status()).isEqualTo(400);
        assertThat(noSource.body()).contains("source");
        Http.Response unknown = api.http.putJson(
                "/api/insights/reference/no-such-figure", Map.of("value", 1, "source", "x"), api.adminToken);
        assertThat(unknown.status()).isEqualTo(404);

        BigDecimal before = api.get("/api/insights/funding/swing?uplift=0")
                .json()
                .get("needed")
                .decimalValue();
        Http.Response changed = api.http.putJson(
                "/api/insights/reference/global-sum-2018-19",
                Map.of("value", 100, "source", "A test's own figure"),
                api.adminToken);
        try {
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            BigDecimal after = api.get("/api/insights/funding/swing?uplift=0")
                    .json()
                    .get("needed")
                    .decimalValue();
            assertThat(after).isGreaterThan(before);
            assertThat(api.get("/api/insights/reference").body()).contains("A test's own figure");
        } finally {
            api.http.putJson(
                    "/api/insights/reference/global-sum-2018-19",
                    Map.of(
                            "value",
                            new BigDecimal("88.96"),
                            "source",
                            "NHS England, GMS contract 2018/19: global sum payment per weighted patient"),
                    api.adminToken);
        }
    }

    @Test
    void theFigureTheSwingometerDividesByMustBeAboveZero() {
        String key = "/api/insights/reference/global-sum-2018-19";
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        try {
            for (BigDecimal refused : List.of(BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("-1"))) {
                Http.Response answer = api.http.putJson(
                        key, Map.of("value", refused, "source", "A test's own figure"), api.adminToken);
                assertThat(answer.status()).as(refused + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.body()).contains("value", "above zero");
            }
            pages.get("/admin/insights/reference");
            Http.Response form = pages.postForm(
                    "/admin/insights/reference/figures/global-sum-2018-19",
                    Map.of("value", "0", "source", "A test's own figure"));
            assertThat(form.status()).isEqualTo(400);
            assertThat(form.body()).contains("value-global-sum-2018-19-error", "above zero");
        } finally {
            api.http.putJson(
                    key,
                    Map.of(
                            "value",
                            new BigDecimal("88.96"),
                            "source",
                            "NHS England, GMS contract 2018/19: global sum payment per weighted patient"),
                    api.adminToken);
        }
        assertThat(api.get("/api/insights/reference").body()).doesNotContain("A test's own figure");
        assertThat(api.get("/api/insights/funding/swing?uplift=1.9").status()).isEqualTo(200);
        assertThat(new Http(port).get("/pressures/funding").status()).isEqualTo(200);

        // A zero saved before it was refused names the figure to correct instead of failing every visitor.
        String set = "update insights.reference_figure set value = :value where key = 'global-sum-2018-19'";
        jdbc.sql(set).param("value", BigDecimal.ZERO).update();
        try {
            Http.Response swing = api.get("/api/insights/funding/swing?uplift=1.9");
            assertThat(swing.status()).as(swing.body()).isEqualTo(400);
            assertThat(swing.body()).contains("Global sum per weighted patient, 2018/19");
            Http.Response page = new Http(port).get("/pressures/funding");
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("Global sum per weighted patient, 2018/19");
        } finally {
            jdbc.sql(set).param("value", new BigDecimal("88.96")).update();
        }
    }

    @Test
    void aPaymentsFigureTooLargeForItsColumnIsRefusedNamingItsLineAndColumnAndTheRefusalIsInTheHistory() {
        String header = "Practice Code,Practice Name,Contract Type,Number of Registered Patients (Last Known Figure),"
                + "Number of Weighted Patients (Last Known Figure),Global Sum,Total NHS Payments to General Practice\n";
        int kept = paymentsIn("2022-23");
        String name = "too-large-" + UUID.randomUUID() + ".csv";
        Http.Response refused = api.importInsights(
                "payments", name, "year=2022-23", (header + "A81001,ONE,GMS,10,12,1234567890123,200\n").getBytes());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problem = refused.json().get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("field").asString()).isEqualToIgnoringCase(GLOBAL_SUM);
        assertThat(problem.get("message").asString()).contains("1234567890123", "12 digits");
        assertThat(api.get("/api/insights/imports").body()).contains(name);
        assertThat(paymentsIn("2022-23")).as("the year imported before is kept").isEqualTo(kept);

        Http.Response pennies = api.importInsights(
                "payments",
                "p.csv",
                "year=2022-23",
                (header + "A81001,ONE,GMS,10,12,100.555,200.500\nA81002,TWO,GMS,1234567890,12,1,2\n").getBytes());
        assertThat(pennies.status()).as(pennies.body()).isEqualTo(400);
        assertThat(pennies.body()).contains("100.555", "2 decimal places", "1234567890", "9 digits");
        assertThat(pennies.body()).doesNotContain("200.500");
        assertThat(paymentsIn("2022-23")).isEqualTo(kept);
    }

    @Test
    void aReferenceFigureOrCpiBeyondItsDigitsIsRefusedNamingWhatToFix() {
        String key = "/api/insights/reference/global-sum-2024-25";
        try {
            refusesFiguresBeyondTheirDigits(key);
        } finally {
            api.http.putJson(
                    key,
                    Map.of(
                            "value",
                            new BigDecimal("107.57"),
                            "source",
                            "NHS England, GMS contract 2024/25: global sum payment per weighted patient before the"
                                    + " later uplift"),
                    api.adminToken);
        }
        assertThat(api.get("/api/insights/reference").body()).doesNotContain("A test's own figure");
        assertThat(new Http(port).get("/pressures/funding").status()).isEqualTo(200);
    }

    @Test
    void aFigureOrIndexIsKeptWithoutTheTrailingZerosOrExponentItWasWrittenInOnThePageAndThroughTheApiAlike() {
        String key = "global-sum-2024-25";
        Map<String, Object> kept = jdbc.sql("select value, source from insights.reference_figure where key = :key")
                .param("key", key)
                .query()
                .singleRow();
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/admin/insights/reference");
        try {
            Http.Response zeros = api.http.putJson(
                    "/api/insights/reference/" + key,
                    "{\"value\":107.57" + "0".repeat(990) + ",\"source\":\"A test's own figure\"}",
                    api.adminToken);
            assertThat(zeros.status()).as(zeros.body()).isEqualTo(200);
            assertThat(stored(key)).isEqualTo("107.57");
            assertThat(new Http(port).get("/pressures/funding").body())
                    .contains("£107.57<")
                    .doesNotContain("107.570");

            Http.Response zero = api.http.putJson(
                    "/api/insights/reference/" + key,
                    "{\"value\":0E-100000,\"source\":\"A test's own figure\"}",
                    api.adminToken);
            assertThat(zero.status()).as(zero.body()).isEqualTo(200);
            assertThat(stored(key)).isEqualTo("0");

            for (String[] written :
                    List.of(new String[] {"107.50000", "107.5"}, new String[] {"1e6", "1000000"}, new String[] {
                        "0.12340", "0.1234"
                    })) {
                Http.Response form = pages.postForm(
                        "/admin/insights/reference/figures/" + key,
                        Map.of("value", written[0], "source", "A test's own figure"));
                assertThat(form.status()).as("the page, " + written[0]).isBetween(300, 399);
                assertThat(stored(key)).as("the page, " + written[0]).isEqualTo(written[1]);
                jdbc.sql("update insights.reference_figure set value = 1 where key = :key")
                        .param("key", key)
                        .update();
                Http.Response put = api.http.putJson(
                        "/api/insights/reference/" + key,
                        "{\"value\":" + written[0] + ",\"source\":\"A test's own figure\"}",
                        api.adminToken);
                assertThat(put.status()).as("the API, " + written[0]).isEqualTo(200);
                assertThat(stored(key)).as("the API, " + written[0]).isEqualTo(written[1]);
            }
            for (String beyond : List.of("107.57001", "1e9")) {
                assertThat(pages.postForm(
                                        "/admin/insights/reference/figures/" + key,
                                        Map.of("value", beyond, "source", "A test's own figure"))
                                .status())
                        .as("the page, " + beyond)
                        .isEqualTo(400);
                assertThat(api.http
                                .putJson(
                                        "/api/insights/reference/" + key,
                                        "{\"value\":" + beyond + ",\"source\":\"A test's own figure\"}",
                                        api.adminToken)
                                .status())
                        .as("the API, " + beyond)
                        .isEqualTo(400);
            }

            Http.Response cpi = api.http.putJson(
                    "/api/insights/cpi/2099",
                    "{\"index\":133.90000,\"source\":\"A test's own figure\"}",
                    api.adminToken);
            assertThat(cpi.status()).as(cpi.body()).isEqualTo(200);
            assertThat(cpi.json().get("index").asString()).isEqualTo("133.9");
            assertThat(storedCpi(2099)).isEqualTo("133.9");
            Http.Response cpiForm = pages.postForm(
                    "/admin/insights/reference/cpi",
                    Map.of("year", "2098", "index", "1.2e2", "source", "A test's own figure"));
            assertThat(cpiForm.status()).as(cpiForm.body()).isBetween(300, 399);
            assertThat(storedCpi(2098)).isEqualTo("120");
            Http.Response noIndex = api.http.putJson(
                    "/api/insights/cpi/2099",
                    "{\"index\":0E-100000,\"source\":\"A test's own figure\"}",
                    api.adminToken);
            assertThat(noIndex.status()).as(noIndex.body()).isEqualTo(400);
            assertThat(noIndex.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("index");
        } finally {
            jdbc.sql("update insights.reference_figure set value = :value, source = :source where key = :key")
                    .param("value", kept.get("value"))
                    .param("source", kept.get("source"))
                    .param("key", key)
                    .update();
            jdbc.sql("delete from insights.cpi where year in (2098, 2099)").update();
        }
    }

    /**
     * England's shortfall on the page gave its weighted patients without saying which payments file they are from,
     * though the average practice's beside it named its year: both are the latest year's, and both say so.
     */
    @Test
    void englandsShortfallOnThePageNamesThePaymentsYearItsPatientsAreFrom() {
        String page = new Http(port).get("/pressures/funding?uplift=1.9").body();

        assertThat(page)
                .containsPattern("(?s)id=\"average-shortfall\".{0,400}weighted patients, <span>2022-23</span>\\)")
                .containsPattern("(?s)id=\"england-shortfall\".{0,400}weighted patients, <span>2022-23</span>\\)");
    }

    /**
     * A field the change does not take was passed over and the rest acted on: a source sent as sourse left the stored
     * source standing while the value changed, and a label or year sent changed was answered 200 as if it had been
     * taken. Each is refused naming it, and nothing changes; a figure or CPI year sent back whole, as the GET gives
     * it, with a new value or source, is taken.
     */
    @Test
    void aFieldAReferenceChangeDoesNotTakeIsRefusedNamingItWhileOneSentBackAsReadIsTaken() {
        String key = "global-sum-2024-25";
        String figure = "/api/insights/reference/" + key;
        Map<String, Object> kept = jdbc.sql("select value, source from insights.reference_figure where key = :key")
                .param("key", key)
                .query()
                .singleRow();
        Map<String, Object> keptCpi = jdbc.sql("select index, source from insights.cpi where year = 2024")
                .query()
                .singleRow();
        try {
            Map<String, Map<String, Object>> refusals = Map.of(
                    "sourse", Map.of("value", 200, "sourse", "A test's own figure"),
                    "uint", Map.of("value", 200, "source", "A test's own figure", "uint", "GBP"),
                    "label", Map.of("value", 200, "source", "A test's own figure", "label", "Another label"),
                    "key", Map.of("value", 200, "source", "A test's own figure", "key", "global-sum-2018-19"));
            refusals.forEach((field, body) -> {
                Http.Response refused = api.http.putJson(figure, body, api.adminToken);
                assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.json().get("errors").get(0).get("field").asString())
                        .as(refused.body())
                        .isEqualTo(field);
            });
            assertThat(api.http
                            .putJson(figure, Map.of("value", 200, "source", "x", "sourse", "y"), api.adminToken)
                            .body())
                    .contains("sourse is not a field this request takes");
            Http.Response misspeltCpi = api.http.putJson(
                    "/api/insights/cpi/2099",
                    Map.of("index", 120, "source", "A test's own figure", "yaer", 2099),
                    api.adminToken);
            assertThat(misspeltCpi.status()).as(misspeltCpi.body()).isEqualTo(400);
            assertThat(misspeltCpi.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("yaer");
            Http.Response otherYear = api.http.putJson(
                    "/api/insights/cpi/2099",
                    Map.of("index", 120, "source", "A test's own figure", "year", 2098),
                    api.adminToken);
            assertThat(otherYear.status()).as(otherYear.body()).isEqualTo(400);
            assertThat(otherYear.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("year");
            assertThat(stored(key)).isEqualTo(((BigDecimal) kept.get("value")).toPlainString());
            assertThat(api.get("/api/insights/reference").body()).doesNotContain("A test's own figure");
            assertThat(jdbc.sql("select count(*) from insights.cpi where year in (2098, 2099)")
                            .query(Integer.class)
                            .single())
                    .isZero();

            JsonNode read = api.get("/api/insights/reference").json();
            tools.jackson.databind.node.ObjectNode asRead = null;
            for (JsonNode each : read.get("figures")) {
                if (each.get("key").asString().equals(key)) {
                    asRead = (tools.jackson.databind.node.ObjectNode) each.deepCopy();
                }
            }
            assertThat(asRead).as(read.toString()).isNotNull();
            assertThat(asRead.propertyNames()).contains("label", "unit", "updatedBy", "updatedAt");
            asRead.put("source", "A test's own figure, sent back as read");
            Http.Response roundTrip = api.http.putJson(figure, asRead.toString(), api.adminToken);
            assertThat(roundTrip.status()).as(roundTrip.body()).isEqualTo(200);
            assertThat(roundTrip.json().get("source").asString()).isEqualTo("A test's own figure, sent back as read");
            assertThat(stored(key)).isEqualTo(((BigDecimal) kept.get("value")).toPlainString());

            tools.jackson.databind.node.ObjectNode cpiAsRead = null;
            for (JsonNode each : read.get("cpi")) {
                if (each.get("year").asInt() == 2024) {
                    cpiAsRead = (tools.jackson.databind.node.ObjectNode) each.deepCopy();
                }
            }
            assertThat(cpiAsRead).as(read.toString()).isNotNull();
            cpiAsRead.put("source", "A test's own figure, sent back as read");
            Http.Response cpiRoundTrip =
                    api.http.putJson("/api/insights/cpi/2024", cpiAsRead.toString(), api.adminToken);
            assertThat(cpiRoundTrip.status()).as(cpiRoundTrip.body()).isEqualTo(200);
            assertThat(storedCpi(2024)).isEqualTo(((BigDecimal) keptCpi.get("index")).toPlainString());
        } finally {
            jdbc.sql("update insights.reference_figure set value = :value, source = :source where key = :key")
                    .param("value", kept.get("value"))
                    .param("source", kept.get("source"))
                    .param("key", key)
                    .update();
            jdbc.sql("update insights.cpi set index = :index, source = :source where year = 2024")
                    .param("index", keptCpi.get("index"))
                    .param("source", keptCpi.get("source"))
                    .update();
            jdbc.sql("delete from insights.cpi where year in (2098, 2099)").update();
        }
    }

    /** A year's CPI set is answered as the figures' GET gives it, as a figure changed is: who changed it and when. */
    @Test
    void aCpiYearSetIsAnsweredAsTheReferenceFiguresGiveIt_withItsSourceAndWhoChangedItWhen() {
        try {
            Http.Response put = api.http.putJson(
                    "/api/insights/cpi/2099",
                    Map.of("index", new BigDecimal("133.90"), "source", "A test's own figure"),
                    api.adminToken);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            JsonNode asRead = null;
            for (JsonNode each : api.get("/api/insights/reference").json().get("cpi")) {
                if (each.get("year").asInt() == 2099) {
                    asRead = each;
                }
            }
            assertThat(asRead).isNotNull();
            assertThat(put.json()).isEqualTo(asRead);
            assertThat(put.json().get("source").asString()).isEqualTo("A test's own figure");
            assertThat(put.json().get("updatedBy").asString()).isEqualTo(TestAdmin.EMAIL);
        } finally {
            jdbc.sql("delete from insights.cpi where year = 2099").update();
        }
    }

    @Test
    void aFigureOrCpiYearReadOnceCanBeSentBackChangedTwice_itsWhoAndWhenIgnoredWhileAnotherKeyOrYearIsRefused() {
        String key = "global-sum-2024-25";
        String figure = "/api/insights/reference/" + key;
        Map<String, Object> kept = jdbc.sql("""
                        select value, source, updated_by, updated_at from insights.reference_figure where key = :key
                        """).param("key", key).query().singleRow();
        Map<String, Object> keptCpi = jdbc.sql(
                        "select index, source, updated_by, updated_at from insights.cpi" + " where year = 2024")
                .query()
                .singleRow();
        try {
            JsonNode read = api.get("/api/insights/reference").json();
            tools.jackson.databind.node.ObjectNode asRead = null;
            for (JsonNode each : read.get("figures")) {
                if (each.get("key").asString().equals(key)) {
                    asRead = (tools.jackson.databind.node.ObjectNode) each.deepCopy();
                }
            }
            tools.jackson.databind.node.ObjectNode cpiAsRead = null;
            for (JsonNode each : read.get("cpi")) {
                if (each.get("year").asInt() == 2024) {
                    cpiAsRead = (tools.jackson.databind.node.ObjectNode) each.deepCopy();
                }
            }
            assertThat(asRead).as(read.toString()).isNotNull();
            assertThat(cpiAsRead).as(read.toString()).isNotNull();
            assertThat(asRead.propertyNames()).contains("updatedBy", "updatedAt");
            assertThat(cpiAsRead.propertyNames()).contains("updatedBy", "updatedAt");

            for (String source : List.of("A test's first change", "A test's second change")) {
                asRead.put("source", source);
                Http.Response put = api.http.putJson(figure, asRead.toString(), api.adminToken);
                assertThat(put.status()).as(source + ": " + put.body()).isEqualTo(200);
                assertThat(put.json().get("source").asString()).isEqualTo(source);
                cpiAsRead.put("source", source);
                Http.Response putCpi = api.http.putJson("/api/insights/cpi/2024", cpiAsRead.toString(), api.adminToken);
                assertThat(putCpi.status()).as(source + ": " + putCpi.body()).isEqualTo(200);
            }
            asRead.put("updatedBy", "someone else");
            asRead.put("updatedAt", "not a time");
            asRead.put("source", "A test's third change");
            Http.Response whoever = api.http.putJson(figure, asRead.toString(), api.adminToken);
            assertThat(whoever.status()).as(whoever.body()).isEqualTo(200);
            assertThat(whoever.json().get("updatedBy").asString()).isNotEqualTo("someone else");
            assertThat(api.get("/api/insights/reference").body()).contains("A test's third change");

            asRead.put("key", "global-sum-2018-19");
            Http.Response otherKey = api.http.putJson(figure, asRead.toString(), api.adminToken);
            assertThat(otherKey.status()).as(otherKey.body()).isEqualTo(400);
            assertThat(otherKey.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("key");
            assertThat(otherKey.body()).contains("global-sum-2018-19").contains(figure);
            cpiAsRead.put("year", 2023);
            Http.Response otherYear = api.http.putJson("/api/insights/cpi/2024", cpiAsRead.toString(), api.adminToken);
            assertThat(otherYear.status()).as(otherYear.body()).isEqualTo(400);
            assertThat(otherYear.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("year");
            assertThat(otherYear.body()).contains("/api/insights/cpi/2023");
            assertThat(api.get("/api/insights/reference").body()).contains("A test's third change");
        } finally {
            jdbc.sql("""
                            update insights.reference_figure
                            set value = :value, source = :source, updated_by = :by, updated_at = :at
                            where key = :key
                            """)
                    .param("value", kept.get("value"))
                    .param("source", kept.get("source"))
                    .param("by", kept.get("updated_by"))
                    .param("at", kept.get("updated_at"))
                    .param("key", key)
                    .update();
            jdbc.sql("""
                            update insights.cpi set index = :index, source = :source, updated_by = :by, updated_at = :at
                            where year = 2024
                            """)
                    .param("index", keptCpi.get("index"))
                    .param("source", keptCpi.get("source"))
                    .param("by", keptCpi.get("updated_by"))
                    .param("at", keptCpi.get("updated_at"))
                    .update();
        }
    }

    private String stored(String key) {
        return jdbc.sql("select value::text from insights.reference_figure where key = :key")
                .param("key", key)
                .query(String.class)
                .single();
    }

    private String storedCpi(int year) {
        return jdbc.sql("select index::text from insights.cpi where year = :year")
                .param("year", year)
                .query(String.class)
                .single();
    }

    private void refusesFiguresBeyondTheirDigits(String key) {
        for (String value : List.of("1e400000", "1e100000", "1234567890", "0.00001")) {
            Http.Response answer = api.http.putJson(
                    key, "{\"value\":" + value + ",\"source\":\"A test's own figure\"}", api.adminToken);
            assertThat(answer.status()).as(value + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("value");
            assertThat(answer.json().get("detail").asString()).contains("digits");
        }
        Http.Response cpi = api.http.putJson(
                "/api/insights/cpi/2024", "{\"index\":1e400000,\"source\":\"A test's own figure\"}", api.adminToken);
        assertThat(cpi.status()).as(cpi.body()).isEqualTo(400);
        assertThat(cpi.json().get("errors").get(0).get("field").asString()).isEqualTo("index");

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/admin/insights/reference");
        Http.Response form = pages.postForm(
                "/admin/insights/reference/figures/global-sum-2024-25",
                Map.of("value", "1e100000", "source", "A test's own figure"));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body()).contains("value-global-sum-2024-25-error", "digits");
        Http.Response cpiForm = pages.postForm(
                "/admin/insights/reference/cpi",
                Map.of("year", "2024", "index", "1e400000", "source", "A test's own figure"));
        assertThat(cpiForm.status()).isEqualTo(400);
        assertThat(cpiForm.body()).contains("cpi-index-error", "digits");
        assertThat(api.get("/api/insights/reference").body()).doesNotContain("A test's own figure");
    }

    private int paymentsIn(String year) {
        return jdbc.sql("select count(*) from insights.payment where year = :year")
                .param("year", year)
                .query(Integer.class)
                .single();
    }

    @Test
    void aPaymentsFileIsRefusedWithoutAYearOrForAYearNotBegunOrWhenItIsAnotherKindOfFile() {
        byte[] payments = realFile("payments-2022-23.csv");
        assertRefused(api.importInsights("payments", "p.csv", "", payments), "year", "Say which financial year");
        assertRefused(api.importInsights("payments", "p.csv", "year=2022-24", payments), "year", "2022-23");
        assertRefused(api.importInsights("payments", "p.csv", "year=2099-00", payments), "year", "has not begun");
        assertRefused(
                api.importInsights(
                        "payments", "a.csv", "year=2020-21", realFile("appointments-ccg-monthly-somerset.csv")),
                "file",
                "looks like Appointments in General Practice, sub-ICB level");
        assertRefused(
                api.importInsights("payments", "e.csv", "year=2020-21", realFile("epraccur.csv")), "file", "epraccur");
        String duplicate =
                "Practice Code,Practice Name,Contract Type,Number of Registered Patients (Last Known Figure),"
                        + "Number of Weighted Patients (Last Known Figure),Global Sum,Total NHS Payments to General Practice\n"
                        + "A81001,ONE,GMS,10,12,100.5,200\nA81001,ONE AGAIN,GMS,10,12,100.5,200\nA81002,TWO,XMS,ten,12,1,2\n";
        Http.Response refused = api.importInsights("payments", "d.csv", "year=2020-21", duplicate.getBytes());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("already on line 2", "XMS", "is not a number of patients");
        assertThat(api.get("/api/insights/funding?year=2020-21").status())
                .as("a refused file imports no year")
                .isEqualTo(404);
    }

    private void assertRefused(Http.Response response, String field, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode problem = response.json().get("problems").get(0);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("message").asString()).contains(message);
    }

    private String source(String odsCode) {
        return jdbc.sql(
                        "select coalesce(contract_type_source, '') from practices.practice_directory where ods_code = :ods")
                .param("ods", odsCode)
                .query(String.class)
                .single();
    }

    private static BigDecimal sum(List<Map<String, String>> rows, String column) {
        return rows.stream()
                .map(row -> new BigDecimal(row.get(column).strip()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
