package org.gpaction.events.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.util.UriUtils;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The public list shows a page of events at a time, with links to the pages before and after it. Its page is made two
 * events long here, so that the test need not publish more than a page of the real length.
 */
@GpActionTest
class EventListLengthTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    @Autowired
    Clock clock;

    @Autowired
    SpringTemplateEngine templates;

    EventsTestData data;
    MockMvc twoToAPage;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        // The application's templates, through a resolver of this test's own: the application's belongs to its context.
        ThymeleafViewResolver views = new ThymeleafViewResolver();
        views.setTemplateEngine(templates);
        views.setCharacterEncoding("UTF-8");
        twoToAPage = MockMvcBuilders.standaloneSetup(new EventListController(events, clock, 2))
                .setViewResolvers(views)
                .build();
    }

    @Test
    void aListLongerThanAPageIsPaged_eachPageLeadingToTheNextAndBack_keepingTheFilter() throws Exception {
        List<String> titles = new ArrayList<>();
        for (int day = 3; day <= 7; day++) {
            String title = EventsTestData.title("Day " + day);
            titles.add(title);
            data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(day)), 10));
        }
        String lmc = UriUtils.encodeQueryParam(data.lmc, StandardCharsets.UTF_8);

        String first = listOf(data.lmc, null).getContentAsString();
        String second = listOf(data.lmc, "2").getContentAsString();
        String last = listOf(data.lmc, "3").getContentAsString();

        assertThat(rows(first)).as("the header and two events").isEqualTo(3);
        assertThat(first)
                .contains(titles.get(0), titles.get(1))
                .doesNotContain(titles.get(2))
                .contains("Events 1 to 2 of 5")
                .contains("class=\"govuk-pagination govuk-pagination--block\"")
                .contains("href=\"/events?lmc=" + lmc + "&amp;page=2\"")
                .doesNotContain("rel=\"prev\"");
        assertThat(rows(second)).isEqualTo(3);
        assertThat(second)
                .contains(titles.get(2), titles.get(3))
                .doesNotContain(titles.get(1))
                .contains("Events 3 to 4 of 5")
                .contains("href=\"/events?lmc=" + lmc + "&amp;page=1\"")
                .contains("href=\"/events?lmc=" + lmc + "&amp;page=3\"");
        assertThat(rows(last)).isEqualTo(2);
        assertThat(last).contains(titles.get(4)).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
    }

    @Test
    void aListOfOnePageHasNoPageLinks() throws Exception {
        for (int day = 3; day <= 4; day++) {
            data.publish(data.roadshow(
                    EventsTestData.title("Day " + day), Instant.now().plus(Duration.ofDays(day)), 10));
        }

        String page = listOf(data.lmc, null).getContentAsString();

        assertThat(rows(page)).isEqualTo(3);
        assertThat(page).doesNotContain("govuk-pagination").doesNotContain("Events 1 to");
    }

    @Test
    void aPageOutsideTheList_orThatIsNoNumber_isRefused400SayingWhichPagesThereAre() throws Exception {
        for (int day = 3; day <= 5; day++) {
            data.publish(data.roadshow(
                    EventsTestData.title("Day " + day), Instant.now().plus(Duration.ofDays(day)), 10));
        }

        for (String outside : List.of("3", "100000", "100001", "99999999999999999999")) {
            MockHttpServletResponse refused = listOf(data.lmc, outside);
            assertThat(refused.getStatus()).as("page=" + outside).isEqualTo(400);
            assertThat(refused.getErrorMessage())
                    .as("page=" + outside)
                    .isEqualTo("The page number in the address (page=) must be a whole number from 1 to 2, as the"
                            + " list has 2 pages: correct it, or leave it out for the first page.");
        }
        for (String none : List.of("0", "-1", "two")) {
            assertThat(listOf(data.lmc, none).getStatus()).as("page=" + none).isEqualTo(400);
        }
        assertThat(listOf(data.lmc, "2").getStatus()).isEqualTo(200);
        assertThat(listOf("No such LMC " + data.lmc, "1").getStatus())
                .as("an empty list has its one page")
                .isEqualTo(200);
        assertThat(listOf("No such LMC " + data.lmc, "2").getStatus()).isEqualTo(400);
    }

    private static int rows(String page) {
        return page.split("class=\"govuk-table__row\"", -1).length - 1;
    }

    private MockHttpServletResponse listOf(String lmc, String page) throws Exception {
        MockHttpServletRequestBuilder request = get("/events").param("lmc", lmc);
        if (page != null) {
            request.param("page", page);
        }
        return twoToAPage.perform(request).andReturn().getResponse();
    }
}
