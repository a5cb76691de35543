package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A practice still taking an action the menu has since retired is counted under it, as no longer on the menu, on the
 * uptake page, in its API and in its CSV files, for an area where some practice had it and not for one where none did.
 * The menu is changed in one transaction that is rolled back, so it is as it was for every other test; the requests go
 * through MockMvc on this thread, so they see that transaction.
 */
@GpActionTest
class RetiredActionUptakeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    WebApplicationContext context;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aPracticeStillTakingARetiredActionIsCountedUnderItAsNoLongerOnTheMenu() throws Exception {
        Signed signed = signIn();

        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            try {
                String ods = TestPractices.add(jdbc);
                MenuVersion current = menu.current();
                MenuAction retired = current.actions().get(current.actions().size() - 1);
                int number = retired.number();
                jdbc.sql(
                                "insert into actions.action_period (ods_code, action_number, from_on) values (:ods, :n, :from)")
                        .param("ods", ods)
                        .param("n", number)
                        .param("from", java.sql.Date.valueOf("2024-09-02"))
                        .update();
                JsonNode onTheMenu = json(get(signed, "/api/actions/uptake?icb=QHM"));
                int taking = action(onTheMenu, number).get("practicesTaking").asInt();
                assertThat(taking).isPositive();
                assertThat(action(onTheMenu, number).get("onMenu").asBoolean()).isTrue();

                // The next version retires the action while the practice still has it in force.
                TestMenus.retire(jdbc, current.version(), number);

                JsonNode api = json(get(signed, "/api/actions/uptake?icb=QHM"));
                assertThat(api.get("practices").asInt())
                        .isEqualTo(onTheMenu.get("practices").asInt());
                assertThat(action(api, number).get("practicesTaking").asInt()).isEqualTo(taking);
                assertThat(action(api, number).get("onMenu").asBoolean()).isFalse();
                assertThat(action(api, 1).get("onMenu").asBoolean()).isTrue();

                String page = get(signed, "/actions/uptake?icb=QHM").getContentAsString();
                assertThat(page)
                        .contains("No longer on the menu")
                        .contains("id=\"uptake-retired\"")
                        .contains(number + ". " + retired.title())
                        .contains("Action " + number + " (no longer on the menu)");

                String csv = get(signed, "/actions/uptake.csv?icb=QHM").getContentAsString();
                assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",percent,on_menu");
                assertThat(csv.lines()
                                .filter(line -> line.endsWith(",no"))
                                .map(line -> Arrays.asList(line.split(",")))
                                .toList())
                        .singleElement()
                        .satisfies(cells -> assertThat(cells).contains(String.valueOf(number), String.valueOf(taking)));

                String byIcb = get(signed, "/actions/uptake/icbs.csv").getContentAsString();
                assertThat(byIcb.lines().findFirst().orElseThrow())
                        .contains("action_" + number + "_practices")
                        .endsWith(",icb_name");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRetiredActionIsShownForAnAreaOnlyWhereAPracticeInItHadIt() throws Exception {
        Signed signed = signIn();
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            try {
                MenuVersion current = menu.current();
                int number = current.actions().get(current.actions().size() - 1).number();
                ActionsTestData untouched = new ActionsTestData(jdbc, new Http(port));
                untouched.practice();
                ActionsTestData stopped = new ActionsTestData(jdbc, new Http(port));
                String ods = stopped.practice();
                stopped.practice();
                jdbc.sql("""
                                insert into actions.action_period (ods_code, action_number, from_on, to_on,
                                                                   ended_how)
                                values (:ods, :n, date '2024-09-02', date '2024-10-01', 'STOPPED')
                                """).param("ods", ods).param("n", number).update();
                TestMenus.retire(jdbc, current.version(), number);

                for (String area : List.of("lmc", "icb")) {
                    String value = area.equals("lmc") ? untouched.lmc : untouched.icb;
                    String query = "?" + area + "={value}";
                    JsonNode api = json(get(signed, "/api/actions/uptake" + query, value));
                    assertThat(api.get("practices").asInt()).as(area).isEqualTo(1);
                    assertThat(api.get("actions")
                                    .valueStream()
                                    .map(action -> action.get("number").asInt()))
                            .as(area)
                            .doesNotContain(number);
                    assertThat(get(signed, "/actions/uptake" + query, value).getContentAsString())
                            .as(area)
                            .doesNotContain("No longer on the menu")
                            .doesNotContain("no longer on the menu");
                    assertThat(get(signed, "/actions/uptake.csv" + query, value)
                                    .getContentAsString()
                                    .lines())
                            .as(area)
                            .noneMatch(line -> line.endsWith(",no"));
                }
                assertThat(get(signed, "/actions/uptake/icbs.csv?lmc={lmc}", untouched.lmc)
                                .getContentAsString()
                                .lines()
                                .findFirst()
                                .orElseThrow())
                        .doesNotContain("action_" + number + "_");

                // A practice that had it and stopped is enough, as it is for the national figures.
                JsonNode api = json(get(signed, "/api/actions/uptake?lmc={lmc}", stopped.lmc));
                assertThat(action(api, number).get("practicesTaking").asInt()).isZero();
                assertThat(action(api, number).get("onMenu").asBoolean()).isFalse();
                assertThat(get(signed, "/actions/uptake?lmc={lmc}", stopped.lmc).getContentAsString())
                        .contains("No longer on the menu")
                        .contains("Action " + number + " (no longer on the menu)");
                assertThat(get(signed, "/actions/uptake/icbs.csv?lmc={lmc}", stopped.lmc)
                                .getContentAsString()
                                .lines()
                                .findFirst()
                                .orElseThrow())
                        .contains("action_" + number + "_practices");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Signed signIn() throws Exception {
        TestAdmin.MockMvcSignIn pages = TestAdmin.signInByMockMvc(context);
        Http.Response issued = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Signed(
                pages.mvc(), pages.session(), issued.json().get("token").asString());
    }

    /** The administrator signed in: a session for pages and CSV files, a token for the API. */
    record Signed(MockMvc mvc, MockHttpSession session, String token) {}

    /** A GET as the administrator, the path a URI template its variables are encoded into. */
    static MockHttpServletResponse get(Signed signed, String path, Object... variables) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get(path, variables);
        if (path.startsWith("/api/")) {
            request.header("Authorization", "Bearer " + signed.token()).header("Accept", "application/json");
        } else {
            request.session(signed.session()).header("Accept", "text/html");
        }
        MockHttpServletResponse response =
                signed.mvc().perform(request).andReturn().getResponse();
        assertThat(response.getStatus())
                .as(path + ": " + response.getContentAsString())
                .isEqualTo(200);
        return response;
    }

    static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JsonMapper.builder().build().readTree(response.getContentAsString());
    }

    static JsonNode action(JsonNode uptake, int number) {
        for (JsonNode action : uptake.get("actions")) {
            if (action.get("number").asInt() == number) {
                return action;
            }
        }
        throw new AssertionError("No action " + number + " in " + uptake);
    }
}
