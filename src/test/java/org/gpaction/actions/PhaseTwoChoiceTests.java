package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No practice is recorded taking a phase two action without its choose page having warned that it may breach the
 * contract: not from a page opened before the action was published as phase two, and not by a choice made as that
 * version is being published, which either finishes first and is counted (the publish is then refused) or waits for it
 * and reads it. Each test adds an action of its own under a number no version has used, in versions it removes after,
 * so the shared menu is as it was for every other test.
 */
@GpActionTest
class PhaseTwoChoiceTests {

    private static final String TITLE = "Work to the letter of the contract";
    private static final Pattern MENU_VERSION = Pattern.compile("name=\"menuVersion\" value=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    ActionsTestData data;
    Http manager;
    String managerEmail;
    String ods;
    String choose;
    int before;
    int number;

    @BeforeEach
    void setUp() {
        data = new ActionsTestData(jdbc, new Http(port));
        ods = data.practice();
        managerEmail = data.practiceManager(ods);
        manager = new Http(port);
        manager.signIn(managerEmail, ActionsTestData.PASSWORD);
        choose = "/actions/practices/" + ods + "/choose";
        before = currentVersion();
        number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
    }

    @AfterEach
    void putTheMenuBack() {
        jdbc.sql("delete from actions.action_period where ods_code = :ods")
                .param("ods", ods)
                .update();
        jdbc.sql("delete from actions.practice_event where ods_code = :ods")
                .param("ods", ods)
                .update();
        jdbc.sql("delete from actions.menu_version where version > :before or status = 'DRAFT'")
                .param("before", before)
                .update();
    }

    @Test
    void anActionPublishedAsPhaseTwoAfterTheChoosePageWasOpenedIsRefusedWithItsWarningAndNothingIsRecorded() {
        int shown = publishWithTheNewAction();
        Http.Response page = manager.get(choose);
        assertThat(hint(page.body())).as("phase one as the page is opened").doesNotContain("Phase two");
        String version = menuVersion(page.body());
        int raised = publishAgainAsPhaseTwo(shown);

        Http.Response refused = manager.postForm(choose, choice(version));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("id=\"actionNumber-error\"")
                .contains("Action " + number + ", &quot;" + TITLE + "&quot;, became phase two after this page was"
                        + " opened, so the page did not warn you that it may breach your contract. Nothing was"
                        + " recorded")
                .doesNotContainPattern("value=\"" + number + "\"[^>]*checked");
        assertThat(hint(refused.body())).contains("Phase two: this action may breach your contract.");
        assertThat(menuVersion(refused.body())).isEqualTo(String.valueOf(raised));
        assertThat(periods()).as("nothing recorded").isZero();

        // A page that did not say which version it showed (one opened before it said) is refused the same way.
        Http.Response old = manager.postForm(choose, choice(null));
        assertThat(old.status()).as(old.body()).isEqualTo(409);
        assertThat(periods()).as("nothing recorded").isZero();

        // Chosen again from the page that warned of it, it is recorded.
        Http.Response again = manager.postForm(choose, choice(menuVersion(refused.body())));
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(periods()).isOne();
    }

    /** A version published today with every action in force and the test's own, phase one. */
    private int publishWithTheNewAction() {
        int version = TestMenus.publishAgain(jdbc, currentVersion(), today());
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, guidance_url, category,
                            may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, :title, 'Do only what the contract requires.',
                            'Escalation if negotiation fails.', 'https://example.org/guidance', 'CONTRACTS', false, 1,
                            null)
                        """)
                .param("version", version)
                .param("number", number)
                .param("title", TITLE)
                .update();
        return version;
    }

    /** The next version, published today, with the test's action phase two (which nobody takes yet). */
    private int publishAgainAsPhaseTwo(int current) {
        int version = TestMenus.publishAgain(jdbc, current, today());
        raise(version);
        return version;
    }

    private void raise(int version) {
        jdbc.sql("update actions.menu_action set phase = 2 where version = :version and number = :number")
                .param("version", version)
                .param("number", number)
                .update();
    }

    /** The choice of the test's action from today, from a page that showed {@code version}. */
    private Map<String, String> choice(String version) {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("actionNumber", String.valueOf(number));
        sent.put("from", today().toString());
        if (version != null) {
            sent.put("menuVersion", version);
        }
        return sent;
    }

    /** The version the choose page says it shows, or null where it says none. */
    private static String menuVersion(String page) {
        Matcher version = MENU_VERSION.matcher(page);
        return version.find() ? version.group(1) : null;
    }

    /** What the choose page says under the test's action. */
    private String hint(String page) {
        Matcher hint = Pattern.compile("id=\"action-hint-" + number + "\">(.*?)</div>", Pattern.DOTALL)
                .matcher(page);
        assertThat(hint.find()).as("action " + number + " is offered: " + page).isTrue();
        return hint.group(1);
    }

    /** Today in the UK by the application's clock, from which the action is chosen and its versions published. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    private int currentVersion() {
        return jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
    }

    private long periods() {
        return jdbc.sql("select count(*) from actions.action_period where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
