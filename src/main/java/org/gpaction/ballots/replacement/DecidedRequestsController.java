package org.gpaction.ballots.replacement;

import org.gpaction.common.UkTime;
import org.gpaction.common.web.PageNumber;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

    /** The decided requests a page at a time ({@link WaitingRequests#PAGE_SIZE}), the latest decision first. */
    @GetMapping("/ballots/replacement-requests/decided")
    String decided(@RequestParam(name = "page", required = false) String pageAsked, Model model) {
        DecidedRequests.DecidedPage page = requests.page(PageNumber.asked(pageAsked));
        model.addAttribute(
                "requests",
                page.requests().stream()
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
        model.addAttribute("sent", page.sent());
        model.addAttribute("declined", page.declined());
        model.addAttribute("number", page.page().number());
        model.addAttribute("pages", page.page().pages());
        model.addAttribute("firstShown", page.firstShown());
        model.addAttribute("lastShown", page.lastShown());
        return "ballots/replacement-decided";
    }
}
