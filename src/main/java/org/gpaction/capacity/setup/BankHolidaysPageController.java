package org.gpaction.capacity.setup;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The bank holidays page: a list for everyone, add and remove for administrators. */
@Controller
class BankHolidaysPageController {

    private final BankHolidays holidays;

    BankHolidaysPageController(BankHolidays holidays) {
        this.holidays = holidays;
    }

    @GetMapping("/safe-working/bank-holidays")
    String page(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        model.addAttribute("holidays", holidays.holidays());
        model.addAttribute("admin", staff.role() == StaffRole.ADMIN);
        model.addAttribute("changes", staff.role() == StaffRole.ADMIN ? holidays.changes(20) : List.of());
        model.addAttribute(
                "runningOut",
                staff.role() == StaffRole.ADMIN ? holidays.runningOut().orElse(null) : null);
        return "capacity/bank-holidays";
    }

    @PostMapping("/safe-working/bank-holidays")
    String add(
            @RequestParam(required = false) String day,
            @RequestParam(required = false) String name,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        BankHolidays.adminOnly(staff);
        try {
            BankHolidays.Holiday added = holidays.save(day, name, staff.email());
            redirect.addFlashAttribute(
                    "message", added.name() + " on " + UkTime.day(added.day()) + " is not a working day.");
        } catch (InvalidRequest e) {
            // Shown on the page itself with what was typed, the summary linking to the input the refusal names.
            Map<String, String> mistakes = new LinkedHashMap<>();
            e.errors()
                    .forEach(error -> mistakes.putIfAbsent(
                            "name".equals(error.get("field")) ? "name" : "day", error.get("message")));
            return refused(HttpServletResponse.SC_BAD_REQUEST, mistakes, day, name, staff, response, model);
        } catch (BankHolidays.AlreadyAHoliday e) {
            return refused(
                    HttpServletResponse.SC_CONFLICT, Map.of("day", e.getReason()), day, name, staff, response, model);
        }
        return "redirect:/safe-working/bank-holidays";
    }

    private String refused(
            int status,
            Map<String, String> mistakes,
            String day,
            String name,
            StaffPrincipal staff,
            HttpServletResponse response,
            Model model) {
        response.setStatus(status);
        model.addAttribute("problems", mistakes);
        model.addAttribute("hasErrors", true);
        model.addAttribute("day", day == null ? "" : day);
        model.addAttribute("name", name == null ? "" : name);
        return page(staff, model);
    }

    @PostMapping("/safe-working/bank-holidays/{day}/remove")
    String remove(
            @PathVariable String day, @AuthenticationPrincipal StaffPrincipal staff, RedirectAttributes redirect) {
        BankHolidays.adminOnly(staff);
        LocalDate removed = BankHolidays.date(day);
        redirect.addFlashAttribute(
                "message",
                holidays.delete(removed, staff.email())
                        ? UkTime.day(removed) + " is a working day again."
                        : "No holiday on " + UkTime.day(removed));
        return "redirect:/safe-working/bank-holidays";
    }
}
