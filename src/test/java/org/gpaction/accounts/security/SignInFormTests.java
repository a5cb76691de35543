package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInFormTests {

    @Test
    void aSignInFormPrintedShowsItsEmailAndNotThePassword() {
        SignInController.SignInForm form = new SignInController.SignInForm("gp@example.org", "lantern quartz meadow");

        assertThat(form.toString())
                .contains("gp@example.org")
                .doesNotContain("lantern")
                .doesNotContain("meadow");
    }
}
