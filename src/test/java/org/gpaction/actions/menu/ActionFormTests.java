package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gpaction.actions.Category;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.web.InvalidRequest;
import org.junit.jupiter.api.Test;

class ActionFormTests {

    private static final MenuVersion DRAFT = new MenuVersion(2, null, List.of());

    private static ActionForm withReviewOn(String reviewOn) {
        return new ActionForm(
                "12",
                "Cap the list",
                "What it means",
                "Why it matters",
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
}
