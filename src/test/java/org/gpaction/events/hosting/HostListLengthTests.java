package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.registration.Registrations;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The hosts' list shows so many events a page, and says which it shows of how many, leading to the next page, when the
 * host has more. Its page is made two here, so that the test need not publish more than a real page shows.
 */
@GpActionTest
class HostListLengthTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    @Autowired
    EventAccess access;

    @Autowired
    EventChanges changes;

    @Autowired
    Registrations registrations;

    @Autowired
    Clock clock;

    @Autowired
    SpringTemplateEngine templates;

    EventsTestData data;
    MockMvc twoListed;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        // The application's templates, through a resolver of this test's own: the application's belongs to its context.
        ThymeleafViewResolver views = new ThymeleafViewResolver();
        views.setTemplateEngine(templates);
        views.setCharacterEncoding("UTF-8");
        twoListed = MockMvcBuilders.standaloneSetup(
                        new HostingPagesController(events, access, changes, registrations, clock, 2))
                .setViewResolvers(views)
                .setCustomArgumentResolvers(new AuthenticationPrincipalArgumentResolver())
                .build();
        StaffPrincipal officer =
                new StaffPrincipal(1, "officer@test", null, StaffRole.LMC_OFFICER, Set.of(), data.lmc, true, 0);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(officer, null, officer.getAuthorities()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aHostWithMoreEventsThanAPageShowsIsToldHowManyAndLedToTheNextPage() throws Exception {
        publish(3);

        String first = hostList("");
        String second = hostList("?page=2");

        assertThat(first.split("class=\"govuk-table__row\"", -1))
                .as("the header and two events")
                .hasSize(4);
        assertThat(first).contains("Events 1 to 2 of 3, the latest first").contains("/hosting/events?page=2");
        assertThat(second.split("class=\"govuk-table__row\"", -1))
                .as("the header and the earliest event")
                .hasSize(3);
        assertThat(second)
                .contains("Events 3 to 3 of 3, the latest first", "Day 3")
                .contains("/hosting/events?page=1")
                .doesNotContain("page=3");
    }

    @Test
    void aHostWithNoMoreEventsThanAPageShowsIsToldNothingOfPages() throws Exception {
        publish(2);

        String page = hostList("");

        assertThat(page.split("class=\"govuk-table__row\"", -1)).hasSize(4);
        assertThat(page).doesNotContain("Events 1 to", "page=2");
    }

    @Test
    void aPagePastTheLastOrThatIsNoNumberIsRefused400() throws Exception {
        publish(3);

        assertThat(twoListed
                        .perform(get("/hosting/events?page=3"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);
        assertThat(twoListed
                        .perform(get("/hosting/events?page=two"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);
    }

    private void publish(int count) {
        for (int day = 3; day < 3 + count; day++) {
            data.publish(data.roadshow(
                    EventsTestData.title("Day " + day), Instant.now().plus(Duration.ofDays(day)), 10));
        }
    }

    private String hostList(String query) throws Exception {
        return twoListed
                .perform(get("/hosting/events" + query))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
