package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.actions.TestMenus;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Practices' periods, notices and uptake name an action by its number across versions, so a number a published version
 * retired is never given to another action. Made in one transaction that is rolled back, so the shared menu is as it
 * was for every other test.
 */
@GpActionTest
class RetiredNumberTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    MenuDrafts drafts;

    @Autowired
    DraftRevisions revisions;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aDraftCannotGiveARetiredActionsNumberToAnotherAction() {
        rolledBack(retired -> {
            int number = retired.number();
            drafts.startDraft("test");

            assertThatThrownBy(() -> save(form(number, "Work to contract"), null))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "number")
                                            .hasEntrySatisfying(
                                                    "message",
                                                    message -> assertThat(message)
                                                            .startsWith("Number " + number + " was action " + number
                                                                    + ", \""
                                                                    + retired.title()
                                                                    + "\", until a later version retired"
                                                                    + " it:")
                                                            .contains(
                                                                    "give this action a number no version has used"))));
            // Nor by changing the number of an action the draft already has.
            MenuAction other = menu.draft().orElseThrow().actions().stream()
                    .filter(action -> action.dailyContactLimit() == null)
                    .findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> save(renumbered(other, number), other.number()))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.getMessage()).startsWith("Number " + number + " was action " + number));
            assertThat(menu.draft().orElseThrow().action(number)).isEmpty();
            assertThat(menu.draft().orElseThrow().action(other.number())).isPresent();

            // The retired action itself may come back under its own number and title.
            save(form(number, retired.title()), null);
            assertThat(menu.draft().orElseThrow().action(number))
                    .hasValueSatisfying(back -> assertThat(back.title()).isEqualTo(retired.title()));
        });
    }

    @Test
    void aDraftGivingARetiredNumberToAnotherActionIsNotPublished() {
        rolledBack(retired -> {
            MenuVersion draft = drafts.startDraft("test");
            // A draft saved before the rule held: the retired number on another action.
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                                                             category, may_de_escalate, phase)
                            values (:draft, :number, 'Work to contract', 'What', 'Why', 'For patients',
                                    'https://example.org/g',
                                    'CONTRACTS', false, 2)
                            """)
                    .param("draft", draft.version())
                    .param("number", retired.number())
                    .update();

            assertThatThrownBy(() -> publish())
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.getMessage())
                                    .startsWith("Number " + retired.number() + " was action " + retired.number()
                                            + ", \"" + retired.title() + "\""));
            assertThat(menu.draft()).isPresent();
        });
    }

    @Test
    void aNumberTheDraftRetiresIsNotGivenToANewActionInTheSameDraft() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            MenuVersion draft = drafts.startDraft("test");
            MenuAction retiring = draft.actions().get(draft.actions().size() - 1);
            int number = retiring.number();
            drafts.retire(number, revisions.current().orElseThrow(), "test");

            assertThatThrownBy(() -> save(form(number, "Work to contract"), null))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "number")
                                            .hasEntrySatisfying(
                                                    "message",
                                                    message -> assertThat(message)
                                                            .startsWith("Number " + number + " is action " + number
                                                                    + ", \""
                                                                    + retiring.title()
                                                                    + "\", on the menu in force, which this draft"
                                                                    + " retires:")
                                                            .contains(
                                                                    "give this action a number no version has used"))));
            // Nor by changing the number of an action the draft still has.
            MenuAction other = menu.draft().orElseThrow().actions().stream()
                    .filter(action -> action.dailyContactLimit() == null)
                    .findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> save(renumbered(other, number), other.number()))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.getMessage()).startsWith("Number " + number + " is action " + number));
            assertThat(menu.draft().orElseThrow().action(number)).isEmpty();
            assertThat(menu.draft().orElseThrow().action(other.number())).isPresent();

            // Retired by mistake, it may come back under its own number and title.
            save(form(number, retiring.title()), null);
            assertThat(menu.draft().orElseThrow().action(number))
                    .hasValueSatisfying(back -> assertThat(back.title()).isEqualTo(retiring.title()));
        });
    }

    /**
     * Two actions of a draft share a title whatever its case or spacing, but a retired action, or one the draft retires,
     * was brought back only under its title exactly as published: retyped in another case, it was refused.
     */
    @Test
    void aRetiredActionComesBackUnderItsTitleRetypedInAnotherCaseOrSpacing() {
        rolledBack(retired -> {
            drafts.startDraft("test");

            save(form(retired.number(), retyped(retired.title())), null);

            assertThat(menu.draft().orElseThrow().action(retired.number())).isPresent();
        });
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            MenuVersion draft = drafts.startDraft("test");
            MenuAction retiring = draft.actions().get(draft.actions().size() - 1);
            drafts.retire(retiring.number(), revisions.current().orElseThrow(), "test");

            save(form(retiring.number(), retyped(retiring.title())), null);

            assertThat(menu.draft().orElseThrow().action(retiring.number())).isPresent();
        });
    }

    /** The title in capitals, with its spaces doubled. */
    private static String retyped(String title) {
        return title.toUpperCase(java.util.Locale.ROOT).replace(" ", "  ");
    }

    @Test
    void theFormForANewActionSuggestsANumberNoVersionHasUsed() {
        rolledBack(retired -> {
            drafts.startDraft("test");
            int highest = menu.draft().orElseThrow().actions().stream()
                    .mapToInt(MenuAction::number)
                    .max()
                    .orElseThrow();
            assertThat(retired.number()).isGreaterThan(highest);
            assertThat(drafts.unusedNumber()).isEqualTo(retired.number() + 1);
        });
    }

    private void save(ActionForm form, Integer replacing) {
        drafts.save(form, replacing, revisions.current().orElseThrow(), "test");
    }

    private void publish() {
        drafts.publish("test", revisions.current().orElseThrow());
    }

    /** Publishes a version that retires the highest-numbered action in force, then runs the test, then rolls back. */
    private void rolledBack(Consumer<MenuAction> test) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            MenuVersion current = menu.current();
            MenuAction retired = current.actions().get(current.actions().size() - 1);
            TestMenus.retire(jdbc, current.version(), retired.number());
            test.accept(retired);
        });
    }

    private static ActionForm form(int number, String title) {
        return new ActionForm(
                String.valueOf(number),
                title,
                "Work to the contract only, as the committee directs.",
                "Escalation if negotiation fails.",
                "We are trying this for your care.",
                "https://example.org/guidance/escalation",
                "CONTRACTS",
                "false",
                "2",
                "",
                "",
                "",
                "",
                "",
                "",
                "");
    }

    private static ActionForm renumbered(MenuAction action, int number) {
        ActionForm form = ActionForm.of(action);
        return new ActionForm(
                String.valueOf(number),
                form.title(),
                form.what(),
                form.why(),
                form.forPatients(),
                form.guidanceUrl(),
                form.category(),
                form.mayDeEscalate(),
                form.phase(),
                form.dailyContactLimit(),
                form.deferral1Subject(),
                form.deferral1Detail(),
                form.deferral1ReviewOn(),
                form.deferral2Subject(),
                form.deferral2Detail(),
                form.deferral2ReviewOn());
    }
}
