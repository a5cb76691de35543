package org.gpaction.capacity.routing;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.SetupPageView;
import org.gpaction.common.CountWords;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The set-up page's pause and lift buttons for the online front door. */
@Controller
class PausePageController {

    static final String HOURS = "Give the pause in whole hours, from 1 to 96 (4 days)";

    private final CapacityAccess access;
    private final Suspensions suspensions;
    private final DayViews views;
    private final SetupPageView setupPage;

    PausePageController(CapacityAccess access, Suspensions suspensions, DayViews views, SetupPageView setupPage) {
        this.access = access;
        this.suspensions = suspensions;
        this.views = views;
        this.setupPage = setupPage;
    }

    @PostMapping("/safe-working/{ods}/pause")
    String pause(
            @PathVariable String ods,
            @RequestParam(required = false) String hours,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        Map<String, String> mistakes = new LinkedHashMap<>();
        long forHours = wholeHours(hours);
        if (forHours < 1 || forHours > 96) {
            mistakes.put("hours", HOURS);
        }
        if (mistakes.isEmpty()) {
            try {
                suspensions.suspend(
                        practice.odsCode(), views.now().plus(Duration.ofHours(forHours)), reason, staff.email());
            } catch (InvalidRequest e) {
                // The reason is the form's own input; anything else the service names is the pause's length.
                e.errors()
                        .forEach(error -> mistakes.putIfAbsent(
                                "reason".equals(error.get("field")) ? "reason" : "hours", error.get("message")));
            }
        } else if (reason == null || reason.isBlank()) {
            mistakes.put("reason", Suspensions.REASON_NEEDED);
        }
        if (!mistakes.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return setupPage.pauseRefused(practice, hours, reason, mistakes, model);
        }
        redirect.addFlashAttribute(
                "pauseDone", "Online requests are paused for " + CountWords.of(forHours, "hour", "hours") + ".");
        return "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }

    @PostMapping("/safe-working/{ods}/pause/lift")
    String lift(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        if (suspensions.lift(practice.odsCode(), staff.email())) {
            redirect.addFlashAttribute("pauseDone", "The pause is lifted.");
        } else {
            redirect.addFlashAttribute("pauseNews", "Online requests were not paused.");
        }
        return "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }

    /** The hours typed, or 0 when they are not a whole number. */
    private static long wholeHours(String hours) {
        try {
            return Long.parseLong(hours == null ? "" : hours.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
