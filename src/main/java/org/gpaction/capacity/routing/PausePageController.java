package org.gpaction.capacity.routing;

import java.time.Duration;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The set-up page's pause and lift buttons for the online front door. */
@Controller
class PausePageController {

    private final CapacityAccess access;
    private final Suspensions suspensions;
    private final DayViews views;

    PausePageController(CapacityAccess access, Suspensions suspensions, DayViews views) {
        this.access = access;
        this.suspensions = suspensions;
        this.views = views;
    }

    @PostMapping("/safe-working/{ods}/pause")
    String pause(
            @PathVariable String ods,
            @RequestParam(required = false) String hours,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        try {
            long forHours = Long.parseLong(hours == null ? "" : hours.strip());
            if (forHours < 1 || forHours > 96) {
                throw new NumberFormatException();
            }
            suspensions.suspend(
                    practice.odsCode(), views.now().plus(Duration.ofHours(forHours)), reason, staff.email());
            redirect.addFlashAttribute("paused", "Online requests are paused for " + forHours + " hours.");
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("paused", "Give the pause in whole hours, from 1 to 96 (4 days).");
        } catch (InvalidRequest e) {
            redirect.addFlashAttribute("paused", e.getMessage());
        }
        return "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }

    @PostMapping("/safe-working/{ods}/pause/lift")
    String lift(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        boolean lifted = suspensions.lift(practice.odsCode(), staff.email());
        redirect.addFlashAttribute("paused", lifted ? "The pause is lifted." : "Online requests were not paused.");
        return "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }
}
