package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two administrators on one draft: a page opened before the other's save saves nothing over it. */
@GpActionTest
class DraftRevisionTests {

    private static final Pattern REVISION = Pattern.compile("type=\"hidden\" name=\"revision\" value=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @AfterEach
    void noDraftLeft() {
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
    }

    @Test
    void aChangeFromAPageOpenedBeforeAColleaguesSaveIsRefusedWithTheDraftAsItIsNow() {
        Http first = admin();
        Http second = admin();
        first.get("/admin/actions/menu");
        assertThat(first.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        MenuAction action = menu.draft().orElseThrow().actions().stream()
                .filter(a -> a.dailyContactLimit() == null && a.deferrals().isEmpty())
                .findFirst()
                .orElseThrow();
        String page = "/admin/actions/menu/draft/actions/" + action.number();
        Map<String, String> older = fields(action, second.get(page));
        Map<String, String> newer = fields(action, first.get(page));

        newer.put("title", "Retitled by the first administrator");
        Http.Response saved = first.postForm(page, newer);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        older.put("what", "Typed over a page opened before that save");
        Http.Response stale = second.postForm(page, older);
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page, so nothing was saved")
                .as("the action's form is shown again with what was typed")
                .contains("action=\"" + page + "\"")
                .contains("Typed over a page opened before that save");
        Map<String, String> unversioned = new LinkedHashMap<>(older);
        unversioned.remove("revision");
        assertThat(second.postForm(page, unversioned).status())
                .as("a form that does not say which revision it changes is refused too")
                .isEqualTo(409);
        MenuAction after = menu.draft().orElseThrow().action(action.number()).orElseThrow();
        assertThat(after.title()).isEqualTo("Retitled by the first administrator");
        assertThat(after.what()).isEqualTo(action.what());

        // Retiring and publishing from pages opened before the save are refused the same way.
        String retire = page + "/retire";
        Map<String, String> staleRetire = Map.of("revision", revision(older));
        assertThat(second.postForm(retire, staleRetire).status()).isEqualTo(409);
        assertThat(menu.draft().orElseThrow().action(action.number())).isPresent();
        assertThat(second.postForm("/admin/actions/menu/draft/publish", staleRetire)
                        .status())
                .isEqualTo(409);
        assertThat(menu.draft()).isPresent();

        // The refusal's page carries the draft's revision now, so its forms work.
        Http.Response again = second.postForm(retire, Map.of("revision", revision(stale)));
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(menu.draft().orElseThrow().action(action.number())).isEmpty();
    }

    @Test
    void aSaveFromAStalePageShowsTheActionsFormAgainWithWhatWasTyped_andSavingItAgainOverwritesTheChange() {
        Http first = admin();
        Http second = admin();
        first.get("/admin/actions/menu");
        assertThat(first.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        MenuAction action = menu.draft().orElseThrow().actions().stream()
                .filter(a -> a.dailyContactLimit() == null && a.deferrals().isEmpty())
                .findFirst()
                .orElseThrow();
        String page = "/admin/actions/menu/draft/actions/" + action.number();
        Map<String, String> older = fields(action, second.get(page));
        Map<String, String> newer = fields(action, first.get(page));
        newer.put("title", "Retitled by the first administrator");
        assertThat(first.postForm(page, newer).status()).isEqualTo(302);

        older.put("what", "What the second administrator typed, <kept> & shown again");
        older.put("why", "Their reason, typed on the older page");
        Http.Response stale = second.postForm(page, older);

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("govuk-error-summary")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page, so nothing was saved."
                        + " What you typed is below: check it, as saving it again will overwrite any change made to"
                        + " this action since you opened the page")
                .contains("action=\"" + page + "\"")
                .contains(">What the second administrator typed, &lt;kept&gt; &amp; shown again</textarea>")
                .contains(">Their reason, typed on the older page</textarea>")
                .as("the title as typed on the older page, not as the draft has it now")
                .doesNotContain("Retitled by the first administrator");
        assertThat(menu.draft().orElseThrow().action(action.number()).orElseThrow())
                .as("nothing was saved")
                .returns("Retitled by the first administrator", MenuAction::title)
                .returns(action.what(), MenuAction::what);
        assertThat(revision(stale))
                .as("the form carries the draft's revision now")
                .isNotEqualTo(revision(older))
                .isEqualTo(revision(first.get(page)));

        Map<String, String> again = new LinkedHashMap<>(older);
        again.put("revision", revision(stale));
        Http.Response saved = second.postForm(page, again);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        MenuAction after = menu.draft().orElseThrow().action(action.number()).orElseThrow();
        assertThat(after.title()).as("saved again, it overwrote the change").isEqualTo(action.title());
        assertThat(after.what()).isEqualTo("What the second administrator typed, <kept> & shown again");
        assertThat(after.why()).isEqualTo("Their reason, typed on the older page");
    }

    /**
     * A draft page naming a version of the draft that was never made (its hidden field mangled or forged) is refused
     * for what it sent, naming the fault, and saves nothing: not told it did not say, nor that the draft was changed
     * since it was opened.
     */
    @Test
    void aPageNamingAVersionOfTheDraftThereHasNeverBeenIsAnswered400AndSavesNothing() {
        Http admin = admin();
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        MenuAction action = menu.draft().orElseThrow().actions().stream()
                .filter(a -> a.dailyContactLimit() == null && a.deferrals().isEmpty())
                .findFirst()
                .orElseThrow();
        String page = "/admin/actions/menu/draft/actions/" + action.number();
        Map<String, String> typed = fields(action, admin.get(page));
        String now = revision(typed);
        typed.put("title", "Typed on a page whose version was mangled");

        for (String named : new String[] {"abc", "-1", "0", "999999999999", "99999999999999999999999"}) {
            typed.put("revision", named);
            Http.Response refused = admin.postForm(page, typed);
            assertThat(refused.status()).as(named + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .as(named)
                    .contains("This page named a version of the draft there has never been, so nothing was saved")
                    .contains("Typed on a page whose version was mangled")
                    .doesNotContain("did not say which version")
                    .doesNotContain("after you opened this page");
            assertThat(revision(refused))
                    .as("the form shown again carries the draft's revision now")
                    .isEqualTo(now);

            for (String path : new String[] {page + "/retire", "/admin/actions/menu/draft/publish"}) {
                Http.Response other = admin.postForm(path, Map.of("revision", named));
                assertThat(other.status())
                        .as(path + " " + named + ": " + other.body())
                        .isEqualTo(400);
                assertThat(other.body())
                        .contains("This page named a version of the draft there has never been, so nothing was"
                                + " changed: check the draft as it is now and try again");
            }
        }
        assertThat(menu.draft().orElseThrow().action(action.number()))
                .as("nothing was saved or retired")
                .hasValueSatisfying(kept -> assertThat(kept.title()).isEqualTo(action.title()));
    }

    @Test
    void anActionTypedWithoutATitleIsAnswered400WithTheFormAsTypedAndTheErrorByTheTitle() {
        Http admin = admin();
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        int actions = menu.draft().orElseThrow().actions().size();
        String page = "/admin/actions/menu/draft/actions/new";
        Http.Response blank = admin.get(page);
        Matcher number = Pattern.compile("name=\"number\"[^>]*value=\"(\\d+)\"").matcher(blank.body());
        assertThat(number.find()).as(blank.body()).isTrue();
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("number", number.group(1));
        typed.put("title", "");
        typed.put("what", "Typed <here> & kept");
        typed.put("why", "Because");
        typed.put("forPatients", "We keep time for you.");
        typed.put("guidanceUrl", "https://example.org/guidance");
        typed.put("category", "CAPACITY");
        typed.put("mayDeEscalate", "true");
        typed.put("phase", "1");
        typed.put("revision", revision(blank));

        Http.Response refused = admin.postForm(page, typed);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("Enter a short title")
                .contains("id=\"title-error\"")
                .contains("aria-describedby=\"title-error\"")
                .contains(">Typed &lt;here&gt; &amp; kept</textarea>");
        assertThat(menu.draft().orElseThrow().actions()).as("nothing was saved").hasSize(actions);
    }

    @Test
    void discardingOrPublishingWithNoDraftAndPublishingADraftThatChangesNothingAnswer409OnTheMenuPage() {
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
        int inForce = menu.current().version();
        Http admin = admin();
        admin.get("/admin/actions/menu");
        for (String path : new String[] {"/admin/actions/menu/draft/discard", "/admin/actions/menu/draft/publish"}) {
            Http.Response noDraft = admin.postForm(path, Map.of("revision", ""));
            assertThat(noDraft.status()).as(path + ": " + noDraft.body()).isEqualTo(409);
            assertThat(noDraft.header("location")).isNull();
            assertThat(noDraft.body())
                    .contains("govuk-error-summary")
                    .contains("There is no draft: start one first")
                    .contains("Start a new draft");
        }
        assertThat(menu.draft()).isEmpty();

        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        Http.Response same = admin.postForm(
                "/admin/actions/menu/draft/publish", Map.of("revision", revision(admin.get("/admin/actions/menu"))));

        assertThat(same.status()).as(same.body()).isEqualTo(409);
        assertThat(same.body())
                .contains("govuk-error-summary")
                .contains("The draft is the same as version " + inForce + ": change it before publishing")
                .contains("Draft version " + (inForce + 1));
        assertThat(menu.draft()).as("the draft is kept").isPresent();
        assertThat(menu.current().version()).as("nothing was published").isEqualTo(inForce);
    }

    private Http admin() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        return admin;
    }

    private static String revision(Map<String, String> form) {
        return form.get("revision");
    }

    private static String revision(Http.Response page) {
        Matcher found = REVISION.matcher(page.body());
        return found.find() ? found.group(1) : "";
    }

    /** The action's form as its page fills it, with the revision the page carries. */
    private static Map<String, String> fields(MenuAction action, Http.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("number", String.valueOf(action.number()));
        form.put("title", action.title());
        form.put("what", action.what());
        form.put("why", action.why());
        form.put("forPatients", action.forPatients());
        form.put("guidanceUrl", action.guidanceUrl());
        form.put("category", action.category().name());
        form.put("mayDeEscalate", String.valueOf(action.mayDeEscalate()));
        form.put("phase", String.valueOf(action.phase()));
        form.put("dailyContactLimit", "");
        form.put("revision", revision(page));
        return form;
    }
}
