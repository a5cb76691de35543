package org.gpaction.actions.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.CsvDownload;
import org.gpaction.common.web.PageNumber;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public pledge form and its confirmation link; the list and export of pledges for administrators. */
@Controller
class SupportController {

    public record PledgeForm(String name, String role, String odsCode, String email, String consent) {}

    /** UK time to the minute, as the other downloads give times, so a spreadsheet shows the day a pledge was made. */
    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(UkTime.ZONE);

    private final Pledges pledges;
    private final PledgeConfirmations confirmations;
    private final PledgeList list;

    SupportController(Pledges pledges, PledgeConfirmations confirmations, PledgeList list) {
        this.pledges = pledges;
        this.confirmations = confirmations;
        this.list = list;
    }

    @ModelAttribute("roles")
    PartnerRole[] roles() {
        return PartnerRole.values();
    }

    @GetMapping("/support")
    String form(Model model) {
        model.addAttribute("form", new PledgeForm("", "", "", "", ""));
        return "actions/support";
    }

    @PostMapping("/support")
    String submit(
            @ModelAttribute("form") PledgeForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            pledges.request(
                    form.name(),
                    form.role(),
                    form.odsCode(),
                    form.email(),
                    "yes".equals(form.consent()),
                    request.getRemoteAddr());
        } catch (Pledges.Invalid e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            return "actions/support";
        } catch (Pledges.RequestsPaused e) {
            askToSendAgain(e, "pledges", errors, response, model);
            return "actions/support";
        }
        return "actions/support-check-email";
    }

    @GetMapping("/support/confirm/{token}")
    String confirmPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return confirmations
                    .pending(token, request.getRemoteAddr())
                    .map(opened -> {
                        if (opened.refused()) {
                            return refused(opened, false, response, model);
                        }
                        if (opened.alreadyConfirmed()) {
                            return alreadyConfirmed(opened, model);
                        }
                        if (opened.alreadyPledged()) {
                            return alreadyPledged(opened, model);
                        }
                        model.addAttribute("details", opened.details());
                        model.addAttribute("practice", opened.practice());
                        model.addAttribute("token", token);
                        return "actions/support-confirm";
                    })
                    .orElseGet(() -> unusable(token, response, model));
        } catch (Pledges.TooManyRequests e) {
            return tooMany(e, response, model);
        }
    }

    @PostMapping("/support/confirm/{token}")
    String confirm(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return confirmations
                    .confirm(token, request.getRemoteAddr())
                    .map(opened -> {
                        if (opened.refused()) {
                            return refused(opened, true, response, model);
                        }
                        if (opened.alreadyConfirmed()) {
                            return alreadyConfirmed(opened, model);
                        }
                        if (opened.alreadyPledged()) {
                            return alreadyPledged(opened, model);
                        }
                        model.addAttribute("details", opened.details());
                        model.addAttribute("practice", opened.practice());
                        return "actions/support-done";
                    })
                    .orElseGet(() -> unusable(token, response, model));
        } catch (Pledges.TooManyRequests e) {
            return tooMany(e, response, model);
        }
    }

    @GetMapping("/admin/actions/pledges")
    String list(@RequestParam(required = false) String page, Model model) {
        model.addAttribute("list", list.page(PageNumber.asked(page)));
        return "actions/pledges";
    }

    @GetMapping("/admin/actions/pledges.csv")
    void export(HttpServletResponse response) {
        CsvDownload.send(
                response,
                "pledges.csv",
                List.of("name", "role", "ods_code", "email", "consent_to_contact", "pledged_at", "confirmed_at"),
                csv -> list.eachConfirmed(pledge -> csv.row(
                        pledge.name(),
                        pledge.role().label(),
                        pledge.odsCode(),
                        pledge.email(),
                        pledge.consentToContact() ? "yes" : "no",
                        CSV_TIME.format(pledge.createdAt()),
                        CSV_TIME.format(pledge.confirmedAt()))));
    }

    /**
     * A form refused for too many from its network address, shown again as typed: colleagues behind one shared address
     * may meet the limit, and send it again once the wait is over.
     */
    static void askToSendAgain(
            Pledges.RequestsPaused paused,
            String what,
            BindingResult errors,
            HttpServletResponse response,
            Model model) {
        long minutes = paused.retryAfter().minutes();
        errors.reject(
                "tooMany",
                "Too many " + what + " have come from your network address (a practice or trust may share one): send"
                        + " this again in " + minutes + (minutes == 1 ? " minute" : " minutes")
                        + ". What you entered is kept.");
        model.addAttribute("hasErrors", true);
        TooManyRequestsPage.refuse(paused.retryAfter(), response);
    }

    /** Too many unknown links from the network address: the page says in how many minutes to try again, as Retry-After. */
    static String tooMany(Pledges.TooManyRequests paused, HttpServletResponse response, Model model) {
        return TooManyRequestsPage.show(paused.retryAfter(), "actions/support-too-many", response, model);
    }

    /** A link to a second pledge for a practice its address already supports: said so, not refused as used. */
    private static String alreadyPledged(PledgeConfirmations.Opened opened, Model model) {
        model.addAttribute("practice", opened.practice());
        return "actions/support-already-pledged";
    }

    /** A link that has confirmed its pledge already, opened again (from the email, or sent twice): said so. */
    private static String alreadyConfirmed(PledgeConfirmations.Opened opened, Model model) {
        model.addAttribute("practice", opened.practice());
        return "actions/support-already-confirmed";
    }

    /**
     * A pledge whose practice the directory has closed or placed outside England since it was made: refused as a
     * conflict with the directory as it is now, saying why; once the link is used, its details are gone.
     */
    private static String refused(
            PledgeConfirmations.Opened opened, boolean deleted, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("practice", opened.practice());
        model.addAttribute("refusal", opened.refusal());
        model.addAttribute("deleted", deleted);
        return "actions/support-refused";
    }

    /**
     * A link that cannot be used; of one a later email replaced, as it may well be the one first received, what is true
     * of its pledge now: still waiting (use the later email), confirmed already, or gone.
     */
    private String unusable(String token, HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute(
                "replaced", confirmations.replaced(token).map(Enum::name).orElse(""));
        return "actions/support-link-unusable";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths actionsPublicPaths() {
            return PublicPaths.of("/support", "/support/**");
        }
    }
}
