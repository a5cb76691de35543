package org.gpaction.ballots.certification;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.ExposedTrustees;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The scrutineer's certification page: the figures and statements to certify, qualifications, a confirmation. */
@Controller
@PreAuthorize("hasRole('SCRUTINEER')")
class CertificationPagesController {

    private final Certification certification;
    private final BallotAdministration administration;
    private final Results results;
    private final ExposedTrustees exposedTrustees;

    CertificationPagesController(
            Certification certification,
            BallotAdministration administration,
            Results results,
            ExposedTrustees exposedTrustees) {
        this.certification = certification;
        this.administration = administration;
        this.results = results;
        this.exposedTrustees = exposedTrustees;
    }

    @GetMapping("/ballots/{id}/certification")
    String form(@PathVariable long id, Model model) {
        Results.Result result = results.result(id);
        if (result.certificate() != null) {
            throw Certification.NotCertifiable.already(result.certificate());
        }
        model.addAttribute("ballot", administration.find(id));
        model.addAttribute("result", result);
        model.addAttribute("exposedTrustees", exposedTrustees.of(id));
        if (!model.containsAttribute("qualifications")) {
            model.addAttribute("qualifications", "");
        }
        return "ballots/certify";
    }

    @PostMapping("/ballots/{id}/certification")
    String certify(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String qualifications,
            @RequestParam(defaultValue = "") String confirm,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        String problem = null;
        String field = "confirm";
        if (!confirm.equals("yes")) {
            problem = "Confirm that you have examined the report and certify it";
        } else {
            try {
                certification.certify(id, qualifications, staff.getName());
                redirect.addFlashAttribute("done", "You certified the report");
                return "redirect:/ballots/" + id + "/results";
            } catch (Certification.InvalidCertification e) {
                problem = e.getMessage();
                field = "qualifications";
            }
        }
        response.setStatus(400);
        model.addAttribute("problems", Map.of(field, problem));
        model.addAttribute("hasErrors", true);
        model.addAttribute("qualifications", qualifications);
        return form(id, model);
    }

    @ExceptionHandler(Certification.NotCertifiable.class)
    ModelAndView notCertifiable(Certification.NotCertifiable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "The report cannot be certified", "message", e.getMessage()));
    }

    @ExceptionHandler(Results.ResultsNotYetAvailable.class)
    ModelAndView notYet(Results.ResultsNotYetAvailable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict",
                Map.of(
                        "heading",
                        "The report cannot be certified yet",
                        "message",
                        e.votingClosed() ? e.getMessage() : "The report can be certified once voting closes."));
    }

    /** Who may send the form, decided before it is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths certificationForm() {
            return RolePaths.of("POST", List.of("/ballots/{id}/certification"), "SCRUTINEER")
                    .refusedWith("Only the scrutineer certifies a ballot's report");
        }
    }
}
