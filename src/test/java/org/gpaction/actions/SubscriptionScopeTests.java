package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Emails about a practice's actions stop for a manager who no longer manages it, or whose account is disabled. */
@GpActionTest
class SubscriptionScopeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aManagerMovedOffAPracticeOrDisabledIsNoLongerEmailedAboutIt() {
        Http api = new Http(port);
        ActionsTestData data = new ActionsTestData(jdbc, api);
        String first = data.practice();
        String second = data.practice();
        String manager = data.staff("PRACTICE_MANAGER", List.of(first, second), null);
        Http browser = new Http(port);
        browser.signIn(manager, ActionsTestData.PASSWORD);
        for (String ods : List.of(first, second)) {
            browser.get("/actions/practices/" + ods);
            assertThat(browser.postForm("/actions/practices/" + ods + "/subscription", Map.of("subscribe", "true"))
                            .status())
                    .isEqualTo(302);
        }
        assertThat(subscribedTo(manager)).containsExactlyInAnyOrder(first, second);
        long id = api.get("/api/staff", data.adminToken())
                .json()
                .valueStream()
                .filter(staff -> staff.get("email").asString().equals(manager))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asLong();

        Http.Response moved = api.putJson(
                "/api/staff/" + id,
                Map.of("role", "PRACTICE_MANAGER", "practices", List.of(second)),
                data.adminToken());
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(subscribedTo(manager)).as("moved off the first practice").containsExactly(second);

        assertThat(api.postJson("/api/staff/" + id + "/disable", Map.of(), data.adminToken())
                        .status())
                .isEqualTo(200);
        assertThat(subscribedTo(manager)).as("disabled").isEmpty();
    }

    private List<String> subscribedTo(String email) {
        return jdbc.sql("select ods_code from actions.subscription where email = :email")
                .param("email", email)
                .query(String.class)
                .list();
    }
}
