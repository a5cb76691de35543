package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.practices.PracticeFixtures.areaCode;
import static org.gpaction.practices.PracticeFixtures.practiceCode;
import static org.gpaction.practices.PracticeFixtures.utf8;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.practices.PracticeFixtures.Api;
import org.gpaction.practices.PracticeFixtures.EpraccurRow;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@GpActionTest
class PracticeDirectoryApiTests {

    @LocalServerPort
    int port;

    Api api;
    String icb;
    List<String> codes = new ArrayList<>();

    /** Seven practices in an ICB of their own: five active (one with a postcode to find), one closed, one dormant. */
    @BeforeEach
    void importPracticesInAnIcbOfTheirOwn() {
        api = new Api(port);
        icb = areaCode("Q");
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            String code = practiceCode();
            codes.add(code);
            EpraccurRow row = new EpraccurRow(code, "PAGING SURGERY " + i, icb, "16C");
            if (i == 6) {
                row.set(13, "C").set(12, "20240331");
            }
            if (i == 7) {
                row.set(13, "D");
            }
            if (i == 3) {
                row.set(10, "ZZ9 9ZZ").set(2, "THE 100% PRACTICE_");
            }
            file.append(row);
        }
        assertThat(api.importFile("epraccur", "paging.csv", utf8(file.toString()))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theListFindsPracticesByTownShowsContractAndListSizeAndDownloadsAsFiltered() {
        String town = "AYTON " + areaCode("T");
        String first = PracticeFixtures.practiceCode();
        String second = PracticeFixtures.practiceCode();
        String elsewhere = PracticeFixtures.practiceCode();
        String file = new EpraccurRow(first, "=HYPERLINK(\"http://x\") SURGERY", icb, "16C")
                        .set(8, town)
                        .toString()
                + new EpraccurRow(second, "TOWN SURGERY", icb, "16C").set(7, town)
                + new EpraccurRow(elsewhere, "TOWN SURGERY ELSEWHERE", icb, "16C");
        assertThat(api.importFile("epraccur", "towns.csv", utf8(file)).status()).isEqualTo(201);
        assertThat(api.importFile("contracts", "contracts.csv", utf8("ods_code,contract_type\n" + second + ",PMS\n"))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String list = pages.get("/practices?q=" + town.toLowerCase().replace(" ", "+"))
                .body();
        assertThat(list)
                .contains("2 practices")
                .contains(first)
                .contains(second)
                .doesNotContain(elsewhere);
        assertThat(list).contains(">List size</th>").contains(">Contract</th>").contains(">PMS</td>");

        Http.Response csv = pages.get("/practices.csv?q=" + town.toLowerCase().replace(" ", "+") + "&status=ACTIVE");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("\uFEFFods_code,name,address,postcode,icb_code,icb_name,lmc,status,contract_type,list_size")
                .contains(second + ",TOWN SURGERY,")
                .contains(",ACTIVE,PMS,")
                .contains(first + ",\"'=HYPERLINK(\"\"http://x\"\") SURGERY\",")
                .doesNotContain(elsewhere);
        assertThat(csv.body().lines()).hasSize(3);
        assertThat(new Http(port).get("/practices.csv").status()).isEqualTo(302);
    }

    @Test
    void theListAndAPracticesPageNameTheIcbBesideItsCode() {
        String named = PracticeFixtures.practiceCode();
        assertThat(api.importFile(
                                "epraccur",
                                "named.csv",
                                utf8(new EpraccurRow(named, "NAMED ICB SURGERY", "QSL", "11X").toString()))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(pages.get("/practices?q=" + named).body()).contains("NHS Somerset ICB (QSL)");
        assertThat(pages.get("/practices/" + named).body()).contains("NHS Somerset ICB (QSL)");
        assertThat(pages.get("/practices?icb=" + icb).body())
                .contains("<td class=\"govuk-table__cell\">" + icb + "</td>");
    }

    @Test
    void practicesArePagedWithTheTotalOfEveryMatch() {
        JsonNode first = api.get("/api/practices?icb=" + icb + "&size=3&page=1").json();
        JsonNode third = api.get("/api/practices?icb=" + icb.toLowerCase() + "&size=3&page=3")
                .json();
        JsonNode beyond =
                api.get("/api/practices?icb=" + icb + "&size=3&page=4").json();

        assertThat(first.get("total").asInt()).isEqualTo(7);
        assertThat(names(first)).containsExactly("PAGING SURGERY 1", "PAGING SURGERY 2", "PAGING SURGERY 4");
        assertThat(third.get("total").asInt()).isEqualTo(7);
        assertThat(names(third)).containsExactly("THE 100% PRACTICE_");
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asInt()).isEqualTo(7);
    }

    @Test
    void aPageOfTheListBeyondTheLastShowsTheLastPageRatherThanNoPractices() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String beyond = pages.get("/practices?icb=" + icb + "&page=9").body();

        assertThat(beyond).contains("7 practices").contains(codes.get(0)).contains(codes.get(6));
    }

    /** A page number that is none was taken as the first page, so a person who mistyped it was shown page 1 as theirs. */
    @Test
    void aPageNumberThatIsNoneIsRefusedSayingWhatToFix() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        for (String notAPage : List.of("abc", "-2", "0")) {
            Http.Response refused = pages.get("/practices?icb=" + icb + "&page=" + notAPage);
            assertThat(refused.status()).as("page=" + notAPage).isEqualTo(400);
            assertThat(refused.body())
                    .as("page=" + notAPage)
                    .contains("The page number in the address (page=) must be a whole number from 1")
                    .doesNotContain(codes.get(0));
        }
        assertThat(pages.get("/practices?icb=" + icb + "&page=").body())
                .as("a page left empty is the first")
                .contains(codes.get(0));
    }

    @Test
    void aPracticeInWalesShowsItsHealthBoardAndIsNotSaidToBeInAnIcb() {
        String welsh = practiceCode();
        assertThat(api.importFile(
                                "epraccur",
                                "wales.csv",
                                utf8(new EpraccurRow(welsh, "WELSH SURGERY", "Q99", "7A3")
                                        .set(3, "W00")
                                        .toString()))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String page = pages.get("/practices/" + welsh).body();
        assertThat(page.replaceAll(">\\s+", ">").replaceAll("\\s+<", "<"))
                .contains(">Nation</dt><dd class=\"govuk-summary-list__value\">Wales</dd>");
        assertThat(page)
                .contains(">Health board</dt>")
                .contains(">7A3</dd>")
                .doesNotContain(">ICB</dt>")
                .doesNotContain("Sub-ICB location")
                .doesNotContain("Q99");
        assertThat(pages.get("/practices?q=" + welsh).body())
                .contains(">Health board 7A3</td>")
                .doesNotContain("Q99");
    }

    @Test
    void theDownloadGivesAPracticeInWalesItsHealthBoardAsTheListDoes_notTheQ99OdsPutsWhereAnIcbWouldBe() {
        String welsh = practiceCode();
        String english = practiceCode();
        String town = "LLAN " + areaCode("T");
        assertThat(api.importFile(
                                "epraccur",
                                "wales-and-england.csv",
                                utf8(new EpraccurRow(welsh, "WELSH SURGERY", "Q99", "7A3")
                                                .set(3, "W00")
                                                .set(7, town)
                                                .toString()
                                        + new EpraccurRow(english, "ENGLISH SURGERY", "QSL", "11X").set(7, town)))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String query = "?q=" + town.toLowerCase().replace(" ", "+");

        String list = pages.get("/practices" + query).body();
        String csv = pages.get("/practices.csv" + query).body();

        assertThat(list).contains(">Health board 7A3</td>").contains(">NHS Somerset ICB (QSL)</td>");
        assertThat(list.replaceAll("\\s+", " ")).contains("a practice in Wales has its health board");
        assertThat(csv.lines())
                .hasSize(3)
                .anySatisfy(line -> assertThat(line)
                        .startsWith(welsh + ",WELSH SURGERY,")
                        .contains(",TS18 1HU,7A3,Health board 7A3,"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(english + ",ENGLISH SURGERY,")
                        .contains(",TS18 1HU,QSL,NHS Somerset ICB,"));
        assertThat(csv).doesNotContain("Q99");
    }

    /**
     * The list and its download give a practice in Wales its health board where an ICB would be, so that is what its
     * ICB filter is given; filtering by it found none, the directory holding the practice under ODS's Q99.
     */
    @Test
    void theIcbFilterFindsAPracticeInWalesByTheHealthBoardTheListShows() {
        String welsh = practiceCode();
        String english = practiceCode();
        String town = "LLAN " + areaCode("T");
        assertThat(api.importFile(
                                "epraccur",
                                "wales-and-england.csv",
                                utf8(new EpraccurRow(welsh, "WELSH SURGERY", "Q99", "7A3")
                                                .set(3, "W00")
                                                .set(7, town)
                                                .toString()
                                        + new EpraccurRow(english, "ENGLISH SURGERY", "QSL", "11X").set(7, town)))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String query = "?q=" + town.toLowerCase().replace(" ", "+");

        for (String healthBoard : List.of("7A3", "7a3")) {
            assertThat(pages.get("/practices" + query + "&icb=" + healthBoard).body())
                    .as(healthBoard)
                    .contains("1 practice<")
                    .contains(">Health board 7A3</td>")
                    .doesNotContain(english);
            assertThat(pages.get("/practices.csv" + query + "&icb=" + healthBoard)
                            .body()
                            .lines())
                    .as(healthBoard)
                    .hasSize(2)
                    .last()
                    .asString()
                    .startsWith(welsh + ",WELSH SURGERY,");
            assertThat(names(api.get("/api/practices" + query + "&icb=" + healthBoard)
                            .json()))
                    .as(healthBoard)
                    .containsExactly("WELSH SURGERY");
        }
        assertThat(names(api.get("/api/practices" + query + "&icb=Q99").json()))
                .as("the ICB code the API gives it")
                .containsExactly("WELSH SURGERY");
        assertThat(names(api.get("/api/practices" + query + "&icb=QSL").json())).containsExactly("ENGLISH SURGERY");
        assertThat(names(api.get("/api/practices" + query + "&icb=11X").json()))
                .as("an English practice's sub-ICB location is not its ICB")
                .isEmpty();
    }

    @Test
    void aPracticeInWalesIsOfferedNoPressuresPage_sinceNhsEnglandsFiguresDoNotCoverIt() {
        String welsh = practiceCode();
        String english = practiceCode();
        assertThat(api.importFile(
                                "epraccur",
                                "wales-and-england.csv",
                                utf8(new EpraccurRow(welsh, "WELSH SURGERY", "Q99", "7A3")
                                                .set(3, "W00")
                                                .toString()
                                        + new EpraccurRow(english, "ENGLISH SURGERY", icb, "16C")))
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(pages.get("/practices/" + welsh).body().replace("&#39;", "'").replaceAll("\\s+", " "))
                .doesNotContain("/pressures/practice/")
                .contains("There are no figures for the pressures on this practice: they come from NHS England's"
                        + " publications, which cover practices in England only.");
        assertThat(pages.get("/practices/" + english).body())
                .contains("href=\"/pressures/practice/" + english + "\"")
                .doesNotContain("There are no figures for the pressures");
    }

    @Test
    void practicesAreFilteredByStatusAndFoundByNameCodeOrPostcode() {
        assertThat(api.get("/api/practices?icb=" + icb + "&status=active")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(5);
        assertThat(names(api.get("/api/practices?icb=" + icb + "&status=CLOSED").json()))
                .containsExactly("PAGING SURGERY 6");
        assertThat(names(
                        api.get("/api/practices?icb=" + icb + "&status=DORMANT").json()))
                .containsExactly("PAGING SURGERY 7");
        assertThat(names(api.get("/api/practices?icb=" + icb + "&q=zz99").json()))
                .containsExactly("THE 100% PRACTICE_");
        assertThat(names(api.get("/api/practices?icb=" + icb + "&q=100%25").json()))
                .containsExactly("THE 100% PRACTICE_");
        assertThat(api.get("/api/practices?icb=" + icb + "&q=%25")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(names(api.get("/api/practices?icb=" + icb + "&q=surgery%205").json()))
                .containsExactly("PAGING SURGERY 5");
        assertThat(names(api.get("/api/practices?q=" + codes.get(1).toLowerCase())
                        .json()))
                .containsExactly("PAGING SURGERY 2");
    }

    @Test
    void onePracticeIsFoundByItsCode() {
        Http.Response response = api.get("/api/practices/" + codes.get(5));
        assertThat(response.status()).isEqualTo(200);
        JsonNode practice = response.json();
        assertThat(practice.get("odsCode").asString()).isEqualTo(codes.get(5));
        assertThat(practice.get("name").asString()).isEqualTo("PAGING SURGERY 6");
        assertThat(practice.get("postcode").asString()).isEqualTo("TS18 1HU");
        assertThat(practice.get("icbCode").asString()).isEqualTo(icb);
        assertThat(practice.get("subIcbCode").asString()).isEqualTo("16C");
        assertThat(practice.get("status").asString()).isEqualTo("CLOSED");
        assertThat(practice.get("nation").asString()).isEqualTo("ENGLAND");
        assertThat(practice.get("closedOn").asString()).isEqualTo("2024-03-31");
        assertThat(practice.has("contractType")).isTrue();
        assertThat(practice.has("listSize")).isTrue();
        assertThat(practice.has("lmc")).isTrue();
    }

    @Test
    void anUnknownCodeIsA404InJson() {
        Http.Response response = api.get("/api/practices/" + practiceCode());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("No practice");
    }

    @Test
    void badPagingAndFilterValuesAreRefusedNamingTheParameter() {
        assertThat(refusedFields("/api/practices?page=0")).containsExactly("page");
        assertThat(refusedFields("/api/practices?page=abc")).containsExactly("page");
        assertThat(refusedFields("/api/practices?size=501")).containsExactly("size");
        assertThat(refusedFields("/api/practices?size=-1&status=OPEN")).containsExactlyInAnyOrder("size", "status");
    }

    /** The API's page and size are read as every list's are, each refusal naming the parameter and its range. */
    @Test
    void aPageOrSizeThatIsNoneIsRefusedSayingTheNumbersItTakes() {
        String page = "The page number in the address (page=) must be a whole number from 1: correct it, or leave it"
                + " out for the first page.";
        String size = "The page size in the address (size=) must be a whole number from 1 to 500: correct it, or"
                + " leave it out for pages of 50.";
        for (String query : List.of("page=abc", "page=0", "page=-1", "page=%2B2", "size=0", "size=99999999999")) {
            Http.Response refused = api.get("/api/practices?icb=" + icb + "&" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().get("detail").asString())
                    .as(query)
                    .isEqualTo(query.startsWith("page") ? page : size);
        }
        Http.Response beyond = api.get("/api/practices?icb=" + icb + "&page=99999999999");
        assertThat(beyond.status())
                .as("a page far past the end is empty, as any past it is")
                .isEqualTo(200);
        assertThat(beyond.json().get("items")).isEmpty();
        assertThat(beyond.json().get("total").asLong()).isEqualTo(7);
    }

    @Test
    void aControlCharacterInASearchIsDroppedNotAServerError() {
        Http.Response api = this.api.get("/api/practices?lmc=%00&q=%00&icb=" + icb + "%00&size=20");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().get("total").asLong())
                .as("the ICB's seven practices")
                .isEqualTo(7);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/practices?q=PAGING%00+SURGERY").status()).isEqualTo(200);
        assertThat(pages.get("/practices.csv?icb=%00").status()).isEqualTo(200);
    }

    @Test
    void signingInIsNeededToBrowse() {
        Http.Response response = new Http(port).get("/api/practices");
        assertThat(response.status()).isEqualTo(401);
    }

    private List<String> refusedFields(String path) {
        Http.Response response = api.get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("field");
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }
}
