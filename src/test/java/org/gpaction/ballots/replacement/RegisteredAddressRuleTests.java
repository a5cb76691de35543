package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The rule a member's own request for a link and a reminder round both ask before sending to the registered address;
 * their tests (ReplacementAnswerTests, ReminderAddressTests) show each asks it, with the addresses' real history.
 */
class RegisteredAddressRuleTests {

    static final Instant FIRST_LINK = Instant.parse("2024-06-17T08:00:00Z");
    static final BooleanSupplier NOT_SENT_THERE = () -> false;

    @Test
    void anAddressNobodyElseChangedGoesAtOnce() {
        assertThat(RegisteredAddressRule.heldBack(null, FIRST_LINK, NOT_SENT_THERE))
                .isEmpty();
    }

    @Test
    void anAddressSomeoneElseChangedBeforeTheFirstLinkWentGoesAtOnce() {
        assertThat(RegisteredAddressRule.heldBack(FIRST_LINK.minusSeconds(1), FIRST_LINK, NOT_SENT_THERE))
                .isEmpty();
        assertThat(RegisteredAddressRule.heldBack(FIRST_LINK, FIRST_LINK, NOT_SENT_THERE))
                .as("changed as the first link went, which went there")
                .isEmpty();
    }

    @Test
    void anAddressSomeoneElseChangedAfterTheFirstLinkWentIsHeldBack_sayingWhenTheySetIt() {
        Instant setByAnAdministrator = FIRST_LINK.plusSeconds(3600);

        assertThat(RegisteredAddressRule.heldBack(setByAnAdministrator, FIRST_LINK, NOT_SENT_THERE))
                .contains(setByAnAdministrator);
    }

    @Test
    void anAddressSomeoneElseChangedGoesAtOnceIfTheScrutineerHasSentTheMemberALinkThere() {
        assertThat(RegisteredAddressRule.heldBack(FIRST_LINK.plusSeconds(3600), FIRST_LINK, () -> true))
                .isEmpty();
    }

    @Test
    void whatTheScrutineerSentIsAskedOnlyWhenTheAnswerTurnsOnIt() {
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier counted = () -> asked.incrementAndGet() < 0;

        RegisteredAddressRule.heldBack(null, FIRST_LINK, counted);
        RegisteredAddressRule.heldBack(FIRST_LINK.minusSeconds(1), FIRST_LINK, counted);
        assertThat(asked).as("asked for an address nobody else changed since").hasValue(0);

        RegisteredAddressRule.heldBack(FIRST_LINK.plusSeconds(1), FIRST_LINK, counted);
        assertThat(asked).hasValue(1);
    }
}
