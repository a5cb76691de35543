package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.ballots.ballot.UkDateTimeEntry.Part;
import org.gpaction.ballots.ballot.UkDateTimeEntry.Reading;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.gpaction.membership.RuleSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A ballot's settings as a form: creating a draft and changing it (deleting it is {@link DraftDeletionController}'s).
 * Only drafts change; anything else is refused with the reason. Times are typed in UK time, in day, month, year and
 * time boxes.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class DraftEditingController {

    static final List<String> FIELDS = List.of(
            "title",
            "question",
            "options",
            "ruleSet",
            "opensAt",
            "closesAt",
            "rollCutoff",
            "scrutineerName",
            "senderAddress");

    /** How each time completes "Enter the date …". */
    static final Map<String, String> TIMES =
            Map.of("opensAt", "voting opens", "closesAt", "voting closes", "rollCutoff", "of the roll cut-off");

    /** A time's problem and the boxes to mark. */
    record TimeProblem(String message, Set<Part> parts) {
        public boolean has(String part) {
            return parts.contains(Part.valueOf(part));
        }
    }

    private final BallotAdministration administration;
    private final Clock clock;

    DraftEditingController(BallotAdministration administration, Clock clock) {
        this.administration = administration;
        this.clock = clock;
    }

    @GetMapping("/ballots/new")
    String newBallot(Model model) {
        return form(BallotForm.blank(), null, model);
    }

    @PostMapping("/ballots")
    String create(
            @ModelAttribute("form") BallotForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        return save(form, null, null, errors, staff, model, redirect, response);
    }

    @GetMapping("/ballots/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        // Read before the draft, so that a change in between makes the page look older than it is, never newer.
        model.addAttribute("version", administration.version(id).number());
        Ballot ballot = draft(id, "changed");
        return form(BallotForm.of(ballot), ballot, model);
    }

    @PostMapping("/ballots/{id}/edit")
    String change(
            @PathVariable long id,
            @ModelAttribute("form") BallotForm form,
            BindingResult errors,
            @RequestParam(name = "version", required = false) String version,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Long seen = DraftVersion.read(version);
        try {
            // Said before the typed times are read, as fixing them would be for nothing; checked again with the
            // draft locked.
            administration.version(id).require(seen);
        } catch (DraftVersion.ChangedMeanwhile e) {
            return changedMeanwhile(id, e, model, response);
        }
        Ballot ballot = draft(id, "changed");
        model.addAttribute("ballot", ballot);
        model.addAttribute("version", version);
        return save(form, id, seen, errors, staff, model, redirect, response);
    }

    private String form(BallotForm form, Ballot ballot, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("ballot", ballot);
        model.addAttribute("ruleSets", RuleSet.values());
        model.addAttribute("timeProblems", Map.of());
        return "ballots/new";
    }

    private String save(
            BallotForm form,
            Long id,
            Long seen,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Map<String, Reading> times = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, TimeProblem> timeProblems = new LinkedHashMap<>();
        Instant now = clock.instant();
        TIMES.forEach((time, when) -> {
            Reading reading = UkDateTimeEntry.read(form.typed(time), when);
            times.put(time, reading);
            if (!reading.ok()) {
                timeProblems.put(time, new TimeProblem(reading.problem(), reading.parts()));
            } else if (reading.instant() == null) {
                timeProblems.put(time, new TimeProblem("Enter the date and time " + when, EnumSet.allOf(Part.class)));
            }
        });
        if (form.optionList().isEmpty()) {
            // Yes and No are the API's default for a client that leaves options out; a box emptied on the form is a
            // slip to name, not a choice of Yes and No that nobody made.
            problems.put("options", "Enter the options voters choose from, one on each line");
        }
        Reading opens = times.get("opensAt");
        if (opens.instant() != null && !opens.instant().isAfter(now)) {
            timeProblems.put(
                    "opensAt",
                    new TimeProblem(
                            "The time voting opens must be in the future: it is now " + UkTime.format(now)
                                    + " (UK time)",
                            EnumSet.allOf(Part.class)));
        }
        CreateBallotCommand command = new CreateBallotCommand(
                form.title(),
                form.question(),
                form.optionList(),
                form.ruleSet(),
                times.get("opensAt").instant(),
                times.get("closesAt").instant(),
                times.get("rollCutoff").instant(),
                form.scrutineerName(),
                form.senderAddress());
        try {
            if (!timeProblems.isEmpty() || !problems.isEmpty()) {
                administration.validate(command);
            } else {
                Ballot saved = id == null
                        ? administration.create(command, staff.getName())
                        : administration
                                .edit(id, command, staff.getName(), DraftVersion.Expected.seen(seen))
                                .ballot();
                redirect.addFlashAttribute(
                        "done", id == null ? "The ballot was saved as a draft" : "The draft was changed");
                return "redirect:/ballots/" + saved.id();
            }
        } catch (InvalidBallot e) {
            e.problems().forEach(problems::putIfAbsent);
        } catch (DraftVersion.ChangedMeanwhile e) {
            return changedMeanwhile(id, e, model, response);
        }
        for (String field : FIELDS) {
            TimeProblem time = timeProblems.get(field);
            if (time == null && TIMES.containsKey(field) && problems.containsKey(field)) {
                time = new TimeProblem(problems.get(field), EnumSet.allOf(Part.class));
                timeProblems.put(field, time);
            }
            if (time != null) {
                errors.rejectValue(field + firstBox(time.parts()), "invalid", time.message());
            } else if (problems.containsKey(field)) {
                errors.rejectValue(
                        field, "invalid", field.equals("ruleSet") ? "Choose who may vote" : problems.get(field));
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("ruleSets", RuleSet.values());
        model.addAttribute("timeProblems", timeProblems);
        model.addAttribute("hasErrors", true);
        return "ballots/new";
    }

    /**
     * The form again, filled from the draft as it is now and with its version, saying why nothing was saved. What was
     * typed is not kept: it was typed over an older draft, and saving it again could undo the newer.
     */
    private String changedMeanwhile(
            long id, DraftVersion.ChangedMeanwhile changed, Model model, HttpServletResponse response) {
        Ballot current = draft(id, "changed");
        BallotForm fresh = BallotForm.of(current);
        BindingResult problem = new BeanPropertyBindingResult(fresh, "form");
        problem.reject("changed", changed.onPage("save", "your changes were not saved"));
        form(fresh, current, model);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", problem);
        model.addAttribute("version", changed.current().number());
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        return "ballots/new";
    }

    /** The box the error summary links to: the first one to fix. */
    private static String firstBox(Set<Part> parts) {
        for (Part part : Part.values()) {
            if (parts.contains(part)) {
                return part.name().charAt(0) + part.name().substring(1).toLowerCase();
            }
        }
        return "Day";
    }

    private Ballot draft(long id, String done) {
        return BallotNotChangeable.unlessDraft(administration.find(id), done);
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ModelAndView notChangeable(BallotNotChangeable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "This ballot cannot be changed", "message", e.getMessage()));
    }

    /** Who may send the draft forms (create, change), decided before they are read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths draftForms() {
            return RolePaths.of("POST", List.of("/ballots", "/ballots/{id}/edit"), "ADMIN", "SCRUTINEER");
        }
    }
}
