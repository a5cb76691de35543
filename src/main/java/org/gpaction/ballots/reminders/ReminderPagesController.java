package org.gpaction.ballots.reminders;

import java.time.Clock;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Reminding a ballot's non-voters, for administrators. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class ReminderPagesController {

    private final BallotAdministration administration;
    private final RemindersByHand byHand;
    private final ReminderHistory history;
    private final Clock clock;

    ReminderPagesController(
            BallotAdministration administration, RemindersByHand byHand, ReminderHistory history, Clock clock) {
        this.administration = administration;
        this.byHand = byHand;
        this.history = history;
        this.clock = clock;
    }

    @GetMapping("/ballots/{id}/reminders")
    String page(@PathVariable long id, Model model) {
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("closes", UkTime.onOrAt(ballot.closesAt()));
        model.addAttribute("open", ballot.status() == BallotStatus.OPEN && ballot.acceptsVotesAt(clock.instant()));
        model.addAttribute("notVoted", history.notVoted(id));
        model.addAttribute(
                "upcoming",
                history.upcoming(id).stream().map(UpcomingPoint::summary).toList());
        model.addAttribute(
                "rounds",
                history.rounds(id).stream()
                        .map(round -> new RoundRow(
                                UkTime.format(round.startedAt()),
                                round.summary(),
                                round.outcome() == Round.Outcome.SENT ? round.startedBy() : "system",
                                round.sent()))
                        .toList());
        return "ballots/reminders";
    }

    /** A round as the page lists it: what happened says whether it went, and why not. */
    record RoundRow(String at, String happened, String by, int sent) {}

    @PostMapping("/ballots/{id}/reminders")
    String send(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        try {
            Round round = byHand.send(id, staff.getName());
            redirect.addFlashAttribute(
                    "done",
                    round.sent() == 1
                            ? "Reminder sent to 1 member who has not voted"
                            : "Reminder sent to " + round.sent() + " members who have not voted");
        } catch (ReminderRefused e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/ballots/" + id + "/reminders";
    }

    /** Who may send the form, decided before it is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths reminderForm() {
            return RolePaths.of("POST", List.of("/ballots/{id}/reminders"), "ADMIN")
                    .refusedWith("Only administrators send reminders");
        }
    }
}
