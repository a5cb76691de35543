package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.membership.RuleSet;
import org.junit.jupiter.api.Test;

class BallotEmailTimesTests {

    @Test
    void aBallotClosingInTheHourTheClocksGoBackTellsVotersWhich130ItIs() {
        // The clocks go back at 02:00 BST on 31 October 2027: 01:30 UK time happens at 00:30 UTC and again at 01:30.
        Ballot first = closingAt(Instant.parse("2027-10-31T00:30:00Z"));
        Ballot second = closingAt(Instant.parse("2027-10-31T01:30:00Z"));

        assertThat(BallotEmails.reminder(first, "gp@example.org", false).body())
                .contains("Voting closes on 31 October 2027 at 1:30am BST (UK time)");
        assertThat(BallotEmails.reminder(second, "gp@example.org", false).body())
                .contains("Voting closes on 31 October 2027 at 1:30am GMT (UK time)");
        assertThat(BallotEmails.replacementLink(second, "gp@example.org").body())
                .contains("Voting closes on 31 October 2027 at 1:30am GMT (UK time)");
    }

    private static Ballot closingAt(Instant closesAt) {
        return new Ballot(
                1L,
                "Indicative ballot",
                "Are you prepared to take action?",
                List.of("Yes", "No"),
                RuleSet.GP_PARTNERS_ENGLAND,
                Instant.parse("2027-10-01T08:00:00Z"),
                closesAt,
                Instant.parse("2027-10-20T11:00:00Z"),
                "Independent Scrutineer Ltd",
                "ballot@scrutineer.example",
                BallotStatus.OPEN,
                null,
                null);
    }
}
