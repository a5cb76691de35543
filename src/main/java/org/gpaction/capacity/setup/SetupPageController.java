package org.gpaction.capacity.setup;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.SetupPageView.Problem;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The practice manager's set-up page: clinicians, core hours, the urgent reserve, the front-door choice and where to
 * send patients. The form's flat fields are read and written by {@link SetupFormFields}.
 */
@Controller
class SetupPageController {

    /** The id of the set-up form, whose top a mistake about the whole of it links to. */
    static final String FORM = "set-up";

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final SaveSetup saveSetup;
    private final SetupPageView view;

    SetupPageController(CapacityAccess access, PracticeSetups setups, SaveSetup saveSetup, SetupPageView view) {
        this.access = access;
        this.setups = setups;
        this.saveSetup = saveSetup;
        this.view = view;
    }

    @GetMapping("/safe-working/{ods}/setup")
    String form(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toManage(staff, ods);
        return showCurrent(practice, List.of(), model);
    }

    /** The page with the set-up as saved now, and the version it is, which the form sends back to be saved over. */
    private String showCurrent(Practice practice, List<Problem> problems, Model model) {
        Optional<PracticeSetups.Versioned> current = setups.findVersioned(practice.odsCode());
        return view.show(
                practice,
                current.map(SetupFormFields::values).orElseGet(SetupFormFields::defaults),
                current.map(PracticeSetups.Versioned::setup).orElse(null),
                problems,
                view.capLimit(),
                model);
    }

    @PostMapping("/safe-working/{ods}/setup")
    String save(
            @PathVariable String ods,
            @AuthenticationPrincipal StaffPrincipal staff,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        SetupFormFields.idsAreWellFormed(params);
        SetupRequest request = SetupFormFields.request(params);
        // Read once for the request: the check, the save and the page shown again with any mistake all use it.
        CapLimit limit = view.capLimit();
        List<Map<String, String>> capsCleared = SetupFormFields.capsCleared(params, limit);
        List<Map<String, String>> formMistakes = new ArrayList<>(capsCleared);
        formMistakes.addAll(SetupFormFields.signpostHoursMistakes(params));
        List<Map<String, String>> errors = new ArrayList<>();
        // An emptied row is left out of the request, so its mistakes name each row by its box's title instead.
        SetupRules.Numbering byRow = new SetupRules.Numbering(
                SetupFormFields.filledRows(params, "c"), SetupFormFields.filledRows(params, "s"));
        try {
            if (formMistakes.isEmpty()) {
                saveSetup.save(
                        practice.odsCode(), request, staff.email(), openedOn(params.getFirst("version")), byRow, limit);
            } else {
                // Nothing is saved, but the set-up's own rules still name the form's other mistakes alongside (a
                // cleared cap is sent as left out, so the reserve is not weighed against it as the limit).
                SetupRules.check(request, byRow, !capsCleared.isEmpty(), limit, saveSetup.saved(practice.odsCode()));
            }
        } catch (InvalidRequest e) {
            errors.addAll(e.errors());
        } catch (SaveSetup.ChangedSince changed) {
            return typedOverAChange(practice, params, changed, limit, model, response);
        }
        errors.addAll(formMistakes);
        if (!errors.isEmpty()) {
            List<Problem> problems = errors.stream()
                    .map(error -> new Problem(
                            "#" + SetupFormFields.inputId(error.get("field"), params), error.get("message")))
                    .toList();
            return view.show(practice, params, setups.find(practice.odsCode()).orElse(null), problems, limit, model);
        }
        redirect.addFlashAttribute("saved", true);
        return "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }

    /**
     * The form again, filled with what was typed and carrying the set-up's version now, saying when and by whom the
     * set-up changed: a manager who saves it again overwrites that change knowing it, rather than typing everything
     * again or losing it.
     */
    private String typedOverAChange(
            Practice practice,
            MultiValueMap<String, String> params,
            SaveSetup.ChangedSince changed,
            CapLimit limit,
            Model model,
            HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        MultiValueMap<String, String> typed = new LinkedMultiValueMap<>(params);
        typed.set("version", String.valueOf(changed.version()));
        return view.show(
                practice,
                typed,
                setups.find(practice.odsCode()).orElse(null),
                // What to check is the whole form, as what was typed is saved whole over the change: not one box.
                List.of(new Problem("#" + FORM, changed.message())),
                limit,
                model);
    }

    /**
     * The version of the set-up the form was opened on, as the page sent it; null from a page without one (opened
     * before pages carried it), which is saved as before.
     */
    private static Long openedOn(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(version.strip());
        } catch (NumberFormatException e) {
            throw InvalidRequest.field("version", "Open the set-up page again and make your changes there");
        }
    }
}
