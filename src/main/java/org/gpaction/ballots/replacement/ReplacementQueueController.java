package org.gpaction.ballots.replacement;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.ballots.replacement.WaitingRequests.AskedAddress;
import org.gpaction.ballots.replacement.WaitingRequests.WaitingPage;
import org.gpaction.ballots.replacement.WaitingRequests.WaitingRequest;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.PageNumber;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The scrutineer's queue of replacement requests that gave an address other than the registered one, and of
 * registered addresses reminder rounds held back. Administrators may see it; only the scrutineer decides: a link sent
 * elsewhere can carry someone's vote, and the member is told the scrutineer checked it.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class ReplacementQueueController {

    record QueueRow(
            long id,
            String ballot,
            String member,
            List<AddressRow> addresses,
            int notKept,
            boolean differ,
            String at) {}

    /**
     * An address on a request, with when and how often it was asked for in words, or held back from reminder rounds;
     * {@code heldBackOnly} when nobody asked for it.
     */
    record AddressRow(String email, String asked, boolean heldBackOnly) {

        static List<AddressRow> of(WaitingRequest request) {
            return request.addresses().stream()
                    .map(address -> new AddressRow(address.email(), words(address), address.times() == 0))
                    .toList();
        }

        private static String words(AskedAddress address) {
            String heldBack = address.heldBack() == 0
                    ? ""
                    : address.heldBack() == 1
                            ? "held back from a reminder round at " + UkTime.format(address.lastHeldBack())
                            : "held back from " + address.heldBack() + " reminder rounds, the last at "
                                    + UkTime.format(address.lastHeldBack());
            if (address.times() == 0) {
                return "Not asked for: " + heldBack + ", as someone other than the member set it after their first"
                        + " link went";
            }
            String asked = address.times() == 1
                    ? "Asked for once, at " + UkTime.format(address.firstAsked())
                    : "Asked for " + address.times() + " times, first at " + UkTime.format(address.firstAsked())
                            + ", last at " + UkTime.format(address.lastAsked());
            return heldBack.isEmpty() ? asked : asked + "; also " + heldBack;
        }
    }

    private final WaitingRequests waiting;
    private final ReplacementDecisions decisions;

    ReplacementQueueController(WaitingRequests waiting, ReplacementDecisions decisions) {
        this.waiting = waiting;
        this.decisions = decisions;
    }

    /**
     * The waiting requests a page at a time ({@link WaitingRequests#PAGE_SIZE}), oldest first. Requests whose ballot
     * has closed come after the rest and are listed apart, with nothing to decide: they can no longer be decided.
     */
    @GetMapping("/ballots/replacement-requests")
    String list(@RequestParam(name = "page", required = false) String pageAsked, Model model) {
        WaitingPage page = waiting.page(PageNumber.asked(pageAsked));
        Map<Boolean, List<QueueRow>> byClosed = page.requests().stream()
                .collect(Collectors.partitioningBy(
                        WaitingRequest::votingClosed,
                        Collectors.mapping(
                                request -> new QueueRow(
                                        request.id(),
                                        request.ballotTitle(),
                                        request.membershipNumber(),
                                        AddressRow.of(request),
                                        request.addressesNotKept(),
                                        request.addressesDiffer(),
                                        UkTime.format(request.at())),
                                Collectors.toList())));
        model.addAttribute("requests", byClosed.get(false));
        model.addAttribute("closedRequests", byClosed.get(true));
        model.addAttribute("toDecide", page.toDecide());
        model.addAttribute("undecided", page.undecided());
        model.addAttribute("number", page.page().number());
        model.addAttribute("pages", page.page().pages());
        model.addAttribute("firstShown", page.firstShown());
        model.addAttribute("lastShown", page.lastShown());
        return "ballots/replacement-queue";
    }

    @GetMapping("/ballots/replacement-requests/{id}")
    String check(@PathVariable long id, Authentication staff, Model model, RedirectAttributes redirect) {
        try {
            return show(decisions.check(id, staff.getName()), model);
        } catch (InvalidReplacement e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/ballots/replacement-requests";
        }
    }

    @PostMapping("/ballots/replacement-requests/{id}/issue")
    @PreAuthorize("hasRole('SCRUTINEER')")
    String issue(
            @PathVariable long id,
            @RequestParam(name = "sendTo", defaultValue = "") String sendTo,
            @RequestParam(name = "reason", defaultValue = "") String reason,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            ReplacementDecisions.Outcome outcome = decisions.issue(id, sendTo, reason, staff.getName());
            redirect.addFlashAttribute(
                    "done",
                    outcome == ReplacementDecisions.Outcome.ISSUED
                            ? "New link sent to " + sendTo.strip().toLowerCase(java.util.Locale.ROOT)
                            : "No link sent: the member had already voted");
            return "redirect:/ballots/replacement-requests";
        } catch (InvalidReplacement e) {
            return problems(id, e, staff, response, model, redirect, Map.of("sendTo", sendTo, "reason", reason));
        }
    }

    @PostMapping("/ballots/replacement-requests/{id}/decline")
    @PreAuthorize("hasRole('SCRUTINEER')")
    String decline(
            @PathVariable long id,
            @RequestParam(name = "declineReason", defaultValue = "") String reason,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            decisions.decline(id, reason, staff.getName());
            redirect.addFlashAttribute("done", "Request declined");
            return "redirect:/ballots/replacement-requests";
        } catch (InvalidReplacement e) {
            return problems(id, e, staff, response, model, redirect, Map.of("declineReason", reason));
        }
    }

    private String problems(
            long id,
            InvalidReplacement e,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect,
            Map<String, String> entered) {
        if (e.problems().containsKey("request")) {
            redirect.addFlashAttribute("problem", e.problems().get("request"));
            return "redirect:/ballots/replacement-requests";
        }
        try {
            ReplacementDecisions.RequestToCheck request = decisions.check(id, staff.getName());
            model.addAttribute("problems", e.problems());
            model.addAttribute("hasErrors", true);
            model.addAllAttributes(entered);
            response.setStatus(400);
            return show(request, model);
        } catch (InvalidReplacement gone) {
            redirect.addFlashAttribute("problem", gone.getMessage());
            return "redirect:/ballots/replacement-requests";
        }
    }

    private static String show(ReplacementDecisions.RequestToCheck check, Model model) {
        model.addAttribute("request", check.request());
        model.addAttribute("member", check.member());
        model.addAttribute("at", UkTime.format(check.request().at()));
        model.addAttribute("corrected", check.correctedAddress().orElse(null));
        model.addAttribute("addresses", AddressRow.of(check.request()));
        model.addAttribute(
                "registeredAsked",
                check.request().addresses().stream()
                        .anyMatch(address -> address.times() > 0
                                && address.email()
                                        .equalsIgnoreCase(check.member().email())));
        model.addAttribute(
                "anyHeldBack", check.request().addresses().stream().anyMatch(address -> address.times() == 0));
        model.addAttribute(
                "registeredHeldBack",
                check.request().addresses().stream()
                        .anyMatch(address -> address.times() == 0
                                && address.email()
                                        .equalsIgnoreCase(check.member().email())));
        model.addAttribute(
                "mayDecide",
                SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                        .anyMatch(role -> role.getAuthority().equals("ROLE_SCRUTINEER")));
        if (!model.containsAttribute("sendTo")) {
            // Where addresses differ the scrutineer chooses one, having asked the member: none is put forward.
            model.addAttribute(
                    "sendTo",
                    check.request().addressesDiffer() ? "" : check.request().requestedEmail());
        }
        return "ballots/replacement-check";
    }

    /** Who may issue or decline a replacement link, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths replacementDecisionRoles() {
            return RolePaths.of(
                    "POST",
                    List.of("/ballots/replacement-requests/{id}/issue", "/ballots/replacement-requests/{id}/decline"),
                    "SCRUTINEER");
        }
    }
}
