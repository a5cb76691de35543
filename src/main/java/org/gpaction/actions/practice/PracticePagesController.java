package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.support.PracticePledges;
import org.gpaction.practices.IcbNames;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The practices a person may see, and a practice's page: what it is taking and its timeline. */
@Controller
class PracticePagesController {

    private final PracticeAccess access;
    private final PracticeActions actions;
    private final IcbNames icbNames;
    private final PracticePledges pledges;

    PracticePagesController(
            PracticeAccess access, PracticeActions actions, IcbNames icbNames, PracticePledges pledges) {
        this.access = access;
        this.actions = actions;
        this.icbNames = icbNames;
        this.pledges = pledges;
    }

    @GetMapping("/actions/practices")
    String practices(
            @RequestParam(name = "ods", required = false) String ods,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model) {
        if (staff.role() == StaffRole.ADMIN && ods != null && !ods.isBlank()) {
            String code = ods.strip().toUpperCase(Locale.ROOT);
            if (code.matches("[A-Z0-9]{3,10}")) {
                return "redirect:/actions/practices/" + code;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("odsProblem", "Enter an ODS code, like A81001");
            model.addAttribute("odsTyped", ods);
            model.addAttribute("hasErrors", true);
        }
        List<Practice> listed = access.listed(staff);
        Map<String, String> names = icbNames.all();
        model.addAttribute("practices", listed);
        model.addAttribute("isAdmin", staff.role() == StaffRole.ADMIN);
        model.addAttribute(
                "icbColumn",
                listed.stream()
                        .collect(Collectors.toMap(
                                Practice::odsCode,
                                practice -> IcbNames.column(
                                        practice.nation(), practice.icbCode(), practice.subIcbCode(), names))));
        return "actions/practices";
    }

    @GetMapping("/actions/practices/{ods}")
    String practice(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toSee(staff, ods);
        model.addAttribute("overview", actions.overview(practice));
        model.addAttribute("mayChange", PracticeAccess.mayChange(staff, practice));
        PracticeNotOpen.today(practice, actions.today()).ifPresent(why -> model.addAttribute("notOpen", why));
        model.addAttribute("subscribed", actions.isSubscribed(practice, staff));
        model.addAttribute("mayMention", staff.role() == StaffRole.PRACTICE_MANAGER);
        model.addAttribute("icbArea", area(practice));
        model.addAttribute("supporters", pledges.confirmedAt(practice.odsCode()));
        return "actions/practice";
    }

    /** The practice's area as the directory shows it: for a practice in Wales, its health board. */
    private String area(Practice practice) {
        return practice.nation() == Nation.WALES
                ? IcbNames.healthBoard(practice.subIcbCode())
                : IcbNames.area(practice.icbCode(), icbNames.all());
    }
}
