package org.gpaction.events.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The public list shows a page of events at most, and says so when more are to come than it shows. Its page is made
 * two events long here, so that the test need not publish more than a page of the real length.
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
    void aListWithMoreEventsThanItShowsSaysSo_andHowToFindTheOthers() throws Exception {
        for (int day = 3; day <= 5; day++) {
            data.publish(data.roadshow(
                    EventsTestData.title("Day " + day), Instant.now().plus(Duration.ofDays(day)), 10));
        }

        String page = listOf(data.lmc);

        assertThat(page.split("class=\"govuk-table__row\"", -1))
                .as("the header and two events")
                .hasSize(4);
        assertThat(page)
                .contains("Only the first 2 upcoming events are listed, the soonest first")
                .contains("narrow the list");
    }

    @Test
    void aListOfEverythingThereIsSaysNothingOfMore() throws Exception {
        for (int day = 3; day <= 4; day++) {
            data.publish(data.roadshow(
                    EventsTestData.title("Day " + day), Instant.now().plus(Duration.ofDays(day)), 10));
        }

        String page = listOf(data.lmc);

        assertThat(page.split("class=\"govuk-table__row\"", -1)).hasSize(4);
        assertThat(page).doesNotContain("Only the first");
    }

    private String listOf(String lmc) throws Exception {
        return twoToAPage
                .perform(get("/events").param("lmc", lmc))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
