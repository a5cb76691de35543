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

    @Test
    void anAdministratorKeepsTheirSubscriptionsWhenTheirAccountIsSaved() {
        Http api = new Http(port);
        ActionsTestData data = new ActionsTestData(jdbc, api);
        String ods = data.practice();
        String admin = data.staff("ADMIN", List.of(), null);
        Http browser = new Http(port);
        browser.signIn(admin, ActionsTestData.PASSWORD);
        browser.get("/actions/practices/" + ods);
        assertThat(browser.postForm("/actions/practices/" + ods + "/subscription", Map.of("subscribe", "true"))
                        .status())
                .isEqualTo(302);
        long id = idOf(api, data, admin);

        Http.Response saved =
                api.putJson("/api/staff/" + id, Map.of("role", "ADMIN", "practices", List.of()), data.adminToken());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(subscribedTo(admin)).containsExactly(ods);
    }

    @Test
    void subscriptionsKeptFromBeforeAccessChangesTookThemAwayAreEndedByTheMigration() throws Exception {
        Http api = new Http(port);
        ActionsTestData data = new ActionsTestData(jdbc, api);
        String ods = data.practice();
        String other = data.practice();
        String manager = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        String movedAway = data.staff("PRACTICE_MANAGER", List.of(other), null);
        String disabled = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        String admin = data.staff("ADMIN", List.of(), null);
        assertThat(api.postJson("/api/staff/" + idOf(api, data, disabled) + "/disable", Map.of(), data.adminToken())
                        .status())
                .isEqualTo(200);
        // As an older version left them: rows the access changes since would have taken away.
        for (String email : List.of(manager, movedAway, disabled, receptionist, admin, "gone@actions.test")) {
            jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                    .param("ods", ods)
                    .param("email", email)
                    .update();
        }

        String migration = new String(
                new org.springframework.core.io.ClassPathResource(
                                "db/migration/actions/V4__subscriptions_follow_access.sql")
                        .getInputStream()
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        jdbc.sql(migration).update();

        assertThat(jdbc.sql("select email from actions.subscription where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(manager, admin);
    }

    private static long idOf(Http api, ActionsTestData data, String email) {
        return api.get("/api/staff", data.adminToken())
                .json()
                .valueStream()
                .filter(staff -> staff.get("email").asString().equals(email))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asLong();
    }

    private List<String> subscribedTo(String email) {
        return jdbc.sql("select ods_code from actions.subscription where email = :email")
                .param("email", email)
                .query(String.class)
                .list();
    }
}
