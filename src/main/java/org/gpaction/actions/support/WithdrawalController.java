package org.gpaction.actions.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The public pages to withdraw a pledge of support: ask for a link by email, then withdraw through it. */
@Controller
class WithdrawalController {

    public record WithdrawalForm(String email) {}

    private final PledgeWithdrawals withdrawals;

    WithdrawalController(PledgeWithdrawals withdrawals) {
        this.withdrawals = withdrawals;
    }

    @GetMapping("/support/withdraw")
    String form(Model model) {
        model.addAttribute("form", new WithdrawalForm(""));
        return "actions/support-withdraw";
    }

    @PostMapping("/support/withdraw")
    String request(
            @ModelAttribute("form") WithdrawalForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            withdrawals.request(form.email(), request.getRemoteAddr());
        } catch (Pledges.Invalid e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            return "actions/support-withdraw";
        } catch (Pledges.RequestsPaused e) {
            SupportController.askToSendAgain(e, "requests to withdraw pledges", errors, response, model);
            return "actions/support-withdraw";
        }
        return "actions/support-withdraw-check-email";
    }

    @GetMapping("/support/withdraw/{token}")
    String confirmPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return withdrawals
                    .pending(token, request.getRemoteAddr())
                    .map(pledges -> {
                        model.addAttribute("pledges", pledges);
                        model.addAttribute("token", token);
                        return "actions/support-withdraw-confirm";
                    })
                    .orElseGet(() -> unusable(response));
        } catch (Pledges.TooManyRequests e) {
            return SupportController.tooMany(e, response, model);
        }
    }

    @PostMapping("/support/withdraw/{token}")
    String withdraw(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return withdrawals
                    .withdraw(token, request.getRemoteAddr())
                    .map(pledges -> {
                        model.addAttribute("pledges", pledges);
                        return "actions/support-withdrawn";
                    })
                    .orElseGet(() -> unusable(response));
        } catch (Pledges.TooManyRequests e) {
            return SupportController.tooMany(e, response, model);
        }
    }

    private static String unusable(HttpServletResponse response) {
        response.setStatus(404);
        return "actions/support-withdraw-link-unusable";
    }
}
