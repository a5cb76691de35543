package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A patient whose front-door page sat open past the session's 30 minutes (or whose browser dropped the cookie) sends a
 * form whose token the server no longer knows: still refused, but sent back to the front door, which says to choose
 * again and shows where else to go, never a page about a staff account.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FrontDoorExpiredFormTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void forgetAddresses() {
        FrontDoorTries.fromHere(jdbc, networks, context).forgetLookUps();
    }

    @Test
    void aFormSentAfterItsSessionEndedGoesBackToTheFrontDoorWithTheSignpostsAndRecordsNothing() {
        String ods = new CapacityTestData(jdbc, new Http(port))
                .practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        Http.Response page = new Http(port).get("/p/" + ods);
        assertThat(page.status()).isEqualTo(200);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).isTrue();

        Http sessionGone = new Http(port);
        Http.Response sent = sessionGone.postFormExactly(
                "/p/" + ods, Map.of("need", "URGENT", "_csrf", token.group(1).replace("&#45;", "-")));

        assertThat(sent.status()).as(sent.body()).isEqualTo(303);
        URI back = URI.create(sent.header("location"));
        assertThat(back.getPath()).isEqualTo("/p/" + ods);
        assertThat(back.getQuery()).isEqualTo("expired");
        Http.Response again = sessionGone.get(back.getPath() + "?" + back.getQuery());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body())
                .contains("This page was open too long: choose again")
                .contains("Riverside Urgent Treatment Centre", "NHS 111", "call 999")
                .doesNotContain("Your account");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("nothing recorded")
                .isZero();
    }
}
