package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetupFormTests {

    @Test
    void aSetupFormPrintedShowsItsEmailAndNeitherPassword() {
        SetupController.SetupForm form = new SetupController.SetupForm(
                "first.admin@example.org", "lantern quartz meadow", "lantern quartz mead0w");

        assertThat(form.toString())
                .contains("first.admin@example.org")
                .doesNotContain("lantern")
                .doesNotContain("meadow")
                .doesNotContain("mead0w");
    }
}
