package org.gpaction.ballots.replacement;

import org.gpaction.common.UkTime;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The history of replacement requests a scrutineer decided, for whoever may work the queue. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class DecidedRequestsController {

    record DecidedRow(
            String ballot,
            String member,
            String askedFor,
            String received,
            String outcome,
            String sentTo,
            String decidedBy,
            String decided,
            String reason) {}

    private final DecidedRequests requests;

    DecidedRequestsController(DecidedRequests requests) {
        this.requests = requests;
    }

    @GetMapping("/ballots/replacement-requests/decided")
    String decided(Model model) {
        model.addAttribute(
                "requests",
                requests.all().stream()
                        .map(request -> new DecidedRow(
                                request.ballotTitle(),
                                request.membershipNumber(),
                                request.askedFor(),
                                UkTime.format(request.receivedAt()),
                                request.issued() ? "Link sent" : "Declined",
                                request.sentTo(),
                                request.decidedBy(),
                                UkTime.format(request.decidedAt()),
                                request.reason()))
                        .toList());
        return "ballots/replacement-decided";
    }
}
