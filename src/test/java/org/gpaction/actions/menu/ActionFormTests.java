package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gpaction.actions.Category;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.web.InvalidRequest;
import org.junit.jupiter.api.Test;

class ActionFormTests {

    private static final MenuVersion DRAFT = new MenuVersion(2, null, List.of());

    private static ActionForm withLimit(String number, String limit) {
        return new ActionForm(
                number,
                "Cap daily contacts at a safe number",
                "What it means",
                "Why it matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.CAPACITY.name(),
                "true",
                "1",
                limit,
                "",
                "",
                "",
                "",
                "",
                "");
    }

    private static ActionForm titled(String number, String title) {
        return new ActionForm(
                number,
                title,
                "What it means",
                "Why it matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.CONTRACTS.name(),
                "false",
                "1",
                "",
                "",
                "",
                "",
                "",
                "",
                "");
    }

    private static ActionForm withReviewOn(String reviewOn) {
        return new ActionForm(
                "12",
                "Cap the list",
                "What it means",
                "Why it matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.values()[0].name(),
                "true",
                "1",
                "",
                "Contract reviews",
                "",
                reviewOn,
                "",
                "",
                "");
    }

    @Test
    void anActionWithoutASentenceForPatientsIsRefusedNamingTheBox() {
        ActionForm typed = titled("12", "Serve notice on unfunded pilots");
        for (String empty : List.of("", "   ")) {
            ActionForm blank = new ActionForm(
                    typed.number(),
                    typed.title(),
                    typed.what(),
                    typed.why(),
                    empty,
                    typed.guidanceUrl(),
                    typed.category(),
                    typed.mayDeEscalate(),
                    typed.phase(),
                    typed.dailyContactLimit(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "");
            assertThatThrownBy(() -> blank.toAction(DRAFT, null))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .containsExactly(Map.of(
                                            "field",
                                            "forPatients",
                                            "message",
                                            "Enter what it means for patients: one sentence in plain words, true of"
                                                    + " this action taken alone")));
        }
        assertThat(typed.toAction(DRAFT, null).forPatients()).isEqualTo("We are trying this for your care.");
        assertThat(ActionForm.blank(12).forPatients()).isEmpty();
    }

    @Test
    void aReviewDateOutsideTheYearsTheMenuCouldMeanIsNamedNotSaved() {
        assertThat(withReviewOn("2025-03-01").toAction(DRAFT, null).deferrals())
                .singleElement()
                .satisfies(d -> assertThat(d.reviewOn()).hasToString("2025-03-01"));
        for (String far : List.of("-5000-01-01", "+5874898-01-01", "1999-12-31", "2101-01-01")) {
            assertThatThrownBy(() -> withReviewOn(far).toAction(DRAFT, null))
                    .as(far)
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "deferral1ReviewOn")
                                            .containsEntry(
                                                    "message",
                                                    "Enter deferral 1's review date between 2000 and 2100, like"
                                                            + " 2025-03-01")));
        }
    }

    @Test
    void aDailyContactLimitAboveTheSafeMaximumOf25IsRefused() {
        assertThat(withLimit("1", "25").toAction(DRAFT, null).dailyContactLimit())
                .isEqualTo(25);
        for (String tooMany : List.of("26", "30", "200")) {
            assertThatThrownBy(() -> withLimit("1", tooMany).toAction(DRAFT, null))
                    .as(tooMany)
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "dailyContactLimit")
                                            .containsEntry(
                                                    "message",
                                                    "Enter a daily contact limit of 25 or fewer: 25 contacts per"
                                                            + " clinician a day is the safe maximum (UEMO) that safe"
                                                            + " working holds each clinician to")));
        }
    }

    @Test
    void onlyTheSafeWorkingActionHasADailyContactLimit() {
        assertThatThrownBy(() -> withLimit("12", "20").toAction(DRAFT, null))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .satisfies(error -> assertThat(error)
                                        .containsEntry("field", "dailyContactLimit")
                                        .containsEntry(
                                                "message",
                                                "Only action 1, safe working, has a daily contact limit (the reception"
                                                        + " board enforces no other): leave it empty for action 12")));
        assertThat(withLimit("12", "").toAction(DRAFT, null).dailyContactLimit())
                .isNull();
    }

    @Test
    void aTitleAnotherActionInTheDraftHasIsRefusedByTheTitleWhateverItsCaseOrSpacing() {
        MenuVersion draft = new MenuVersion(
                2,
                null,
                List.of(titled("3", "Serve notice on unfunded services").toAction(DRAFT, null)));
        for (String same : List.of(
                "Serve notice on unfunded services",
                "SERVE NOTICE on unfunded services",
                "  Serve notice  on unfunded\u00A0services ")) {
            assertThatThrownBy(() -> titled("12", same).toAction(draft, null))
                    .as(same)
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "title")
                                            .containsEntry(
                                                    "message",
                                                    "The draft already has action 3, \"Serve notice on unfunded"
                                                            + " services\": give this action a title of its own")));
        }
        // The action itself keeps its title when it is changed, renumbered or not; another title is its own.
        assertThat(titled("3", "Serve notice on unfunded services")
                        .toAction(draft, 3)
                        .title())
                .isEqualTo("Serve notice on unfunded services");
        assertThat(titled("13", "serve notice on unfunded services")
                        .toAction(draft, 3)
                        .title())
                .isEqualTo("serve notice on unfunded services");
        assertThat(titled("12", "Serve notice on unfunded pilots")
                        .toAction(draft, null)
                        .title())
                .isEqualTo("Serve notice on unfunded pilots");
    }

    @Test
    void aControlCharacterInAnyFieldIsRefusedNamingTheFieldRatherThanDroppedFromTheAction() {
        ActionForm typed = new ActionForm(
                "1\u0000",
                "Cap daily contacts\u0007",
                "What it means",
                "Why it\u001b matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.CAPACITY.name(),
                "true\u0000",
                "1",
                "",
                "Contract reviews",
                "Put off until\u0000 the review",
                "2025-03-01",
                "",
                "",
                "");

        assertThatThrownBy(() -> typed.toAction(DRAFT, null))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        Map.of(
                                                "field",
                                                "number",
                                                "message",
                                                "The action's number must not contain control" + " characters"),
                                        Map.of(
                                                "field",
                                                "title",
                                                "message",
                                                "The title must not contain control characters"),
                                        Map.of("field", "why", "message", "Why must not contain control characters"),
                                        Map.of(
                                                "field",
                                                "mayDeEscalate",
                                                "message",
                                                "Whether it may be de-escalated must not contain control characters"),
                                        Map.of(
                                                "field",
                                                "deferral1Detail",
                                                "message",
                                                "Deferral 1's detail must not contain control characters")));
    }

    @Test
    void lineBreaksAndTabsAreKeptInTheBoxesOfSeveralLinesAndNowhereElse() {
        ActionForm typed = new ActionForm(
                "12",
                "Cap the list",
                "First this,\r\nthen\tthat",
                "Why it matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.CAPACITY.name(),
                "true",
                "1",
                "",
                "Contract reviews",
                "Put off\nuntil the review",
                "2025-03-01",
                "",
                "",
                "");

        assertThat(typed.toAction(DRAFT, null))
                .satisfies(action -> assertThat(action.what()).isEqualTo("First this,\nthen\tthat"))
                .satisfies(action ->
                        assertThat(action.deferrals().get(0).detail()).isEqualTo("Put off\nuntil the review"));
        ActionForm brokenTitle = new ActionForm(
                "12",
                "Cap\nthe list",
                "What it means",
                "Why it matters",
                "We are trying this for your care.",
                "https://example.org/guidance",
                Category.CAPACITY.name(),
                "true",
                "1",
                "",
                "",
                "",
                "",
                "",
                "",
                "");
        assertThatThrownBy(() -> brokenTitle.toAction(DRAFT, null))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        e -> assertThat(e.errors())
                                .containsExactly(Map.of(
                                        "field", "title", "message", "The title must not contain control characters")));
    }
}
