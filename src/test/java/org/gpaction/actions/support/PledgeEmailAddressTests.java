package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pledge and withdrawal forms check an email address the same way, each asking for it in its own words. */
class PledgeEmailAddressTests {

    private static final String MALFORMED = "Enter an email address in the correct format, like name@example.com";

    @Test
    void anAddressIsTrimmedAndLowerCased() {
        assertThat(PledgeEmailAddress.cleaned("  Pat.Partner@Example.ORG ")).isEqualTo("pat.partner@example.org");
        assertThat(PledgeEmailAddress.cleaned(null)).isEmpty();
    }

    @Test
    void aControlCharacterInAnAddressIsRefusedRatherThanDropped() {
        String cleaned = PledgeEmailAddress.cleaned("  Pat.Partner@Example.ORG\u0007 ");
        assertThat(cleaned).isEqualTo("pat.partner@example.org\u0007");
        assertThat(PledgeEmailAddress.problem(cleaned, "x"))
                .contains("Your email address must not contain control characters");
        assertThat(PledgeEmailAddress.problem("pat\n@example.org", "x"))
                .as("an address is one line")
                .contains("Your email address must not contain control characters");
    }

    @Test
    void noAddressIsAskedForInTheFormsOwnWords() {
        assertThat(PledgeEmailAddress.problem("", "Enter the email address you pledged with"))
                .contains("Enter the email address you pledged with");
    }

    @Test
    void anAddressNotOfAnAddressesShapeOrTooLongIsRefused() {
        assertThat(PledgeEmailAddress.problem("nurse at practice", "x")).contains(MALFORMED);
        assertThat(PledgeEmailAddress.problem("pat@example", "x")).contains(MALFORMED);
        assertThat(PledgeEmailAddress.problem("pat@@example.org", "x")).contains(MALFORMED);
        String longest = "a".repeat(242) + "@example.org";
        assertThat(longest).hasSize(254);
        assertThat(PledgeEmailAddress.problem(longest, "x")).isEmpty();
        assertThat(PledgeEmailAddress.problem("a" + longest, "x")).contains(MALFORMED);
    }
}
