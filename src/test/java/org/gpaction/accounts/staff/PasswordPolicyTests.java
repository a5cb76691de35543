package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "password1234",
                "Password1234!",
                "P@ssw0rd2024!",
                "passwordpassword",
                "qwertyuiop123",
                "123456789012",
                "aaaaaaaaaaaa",
                "abcabcabcabc",
                "Welcome12345",
                "iloveyou2024",
                "letmein!!!!!!",
                "gpaction2026!",
                "Liverpool1892"
            })
    void commonPasswordsAreRefusedAlsoWithDigitsAndSwapsAdded(String password) {
        assertThat(policy.problem(password, "someone@example.org"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("common password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "elevenchars"})
    void passwordsShorterThanTwelveCharactersAreRefused(String password) {
        assertThat(policy.problem(password, null)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "correct horse battery staple",
                "kettle orbit lantern meadow",
                "Tz8#qL2!vR9w",
                "mañana café tortilla",
                "这是一个很长的句子你猜不到"
            })
    void longUncommonPasswordsAreAccepted(String password) {
        assertThat(policy.problem(password, "someone@example.org")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void thePersonsOwnEmailAddressIsRefused() {
        assertThat(policy.problem("jane.doe@example.org", "jane.doe@example.org"))
                .isPresent();
        assertThat(policy.problem("jane.doe2024!", "jane.doe@example.org")).isPresent();
    }

    @org.junit.jupiter.api.Test
    void veryLongPasswordsAreRefusedBeforeHashing() {
        assertThat(policy.problem("x".repeat(50) + "y".repeat(79), null))
                .hasValue("Password must be 128 characters or fewer");
    }
}
