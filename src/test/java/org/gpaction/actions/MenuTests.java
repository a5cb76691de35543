package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

@GpActionTest
class MenuTests {

    @LocalServerPort
    int port;

    @Autowired
    ActionMenu menu;

    @Autowired
    WebApplicationContext context;

    @Test
    void theMenuApiGivesTheVersionInForce() {
        Http http = new Http(port);
        String token = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        JsonNode body = http.get("/api/actions/menu", token).json();
        assertThat(body.get("version").asInt()).isEqualTo(menu.current().version());
        assertThat(body.get("publishedOn").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        JsonNode first = body.get("actions").get(0);
        assertThat(first.get("number").asInt()).isEqualTo(1);
        assertThat(first.get("title").asString()).isEqualTo("Cap daily contacts at a safe number");
        assertThat(first.get("dailyContactLimit").asInt()).isEqualTo(25);
        assertThat(first.get("category").asString()).isEqualTo("CAPACITY");
        assertThat(http.get("/api/actions/menu").status()).isEqualTo(401);
    }

    /** Each action on the menu page says what it means for patients, in the sentence the practice notice prints. */
    @Test
    void theMenuPageGivesEachActionsSentenceForPatients() throws Exception {
        TestAdmin.MockMvcSignIn signedIn = TestAdmin.signInByMockMvc(context);
        MockHttpServletResponse response = signedIn.mvc()
                .perform(MockMvcRequestBuilders.get("/actions/menu")
                        .session(signedIn.session())
                        .header("Accept", "text/html"))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String page = response.getContentAsString();
        for (MenuAction action : menu.current().actions()) {
            String section = page.substring(page.indexOf("id=\"action-" + action.number() + "\""));
            int end = section.indexOf("</dl>");
            assertThat(end).as("action %d has its list", action.number()).isPositive();
            assertThat(section.substring(0, end))
                    .as("action %d", action.number())
                    .contains("What it means for patients")
                    .contains(HtmlUtils.htmlEscape(action.forPatients()));
        }
    }

    @Test
    void discardingWhenThereIsNoDraftAnswers409SayingSoOnTheMenuPage() {
        Http http = new Http(port);
        http.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        http.postForm(
                "/admin/actions/menu/draft/discard", Map.of("revision", revision(http.get("/admin/actions/menu"))));
        String opened = revision(http.get("/admin/actions/menu"));

        Http.Response again = http.postForm("/admin/actions/menu/draft/discard", Map.of("revision", opened));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("govuk-error-summary").contains("There is no draft: start one first");
    }

    /** The draft's revision the page carries, or empty with no draft. */
    private static String revision(Http.Response page) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile(
                        "type=\"hidden\" name=\"revision\" value=\"([^\"]*)\"")
                .matcher(page.body());
        return found.find() ? found.group(1) : "";
    }
}
