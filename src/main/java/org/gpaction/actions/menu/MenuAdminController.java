package org.gpaction.actions.menu;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.Category;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administrators draft, compare and publish versions of the menu (everything under /admin needs ADMIN). Each page that
 * changes the draft carries the draft's revision; one opened before another administrator's change is answered 409
 * and changes nothing: an action's form is shown again with what was typed, any other page with the draft as it is now.
 * One naming a revision the draft never had (mangled or forged) is answered the same way, but 400. An action's form
 * refused for what was typed in it is shown again with it too, answered 400; starting, discarding or
 * publishing refused for the draft as it stands is answered 409 with the menu page and the reason.
 */
@Controller
class MenuAdminController {

    private final ActionMenu menu;
    private final MenuDrafts drafts;
    private final DraftRevisions revisions;

    MenuAdminController(ActionMenu menu, MenuDrafts drafts, DraftRevisions revisions) {
        this.menu = menu;
        this.drafts = drafts;
        this.revisions = revisions;
    }

    @ModelAttribute("categories")
    Category[] categories() {
        return Category.values();
    }

    @GetMapping("/admin/actions/menu")
    String overview(Model model) {
        revision(model);
        MenuVersion current = menu.current();
        model.addAttribute("current", current);
        model.addAttribute("versions", menu.versions());
        menu.draft().ifPresent(draft -> {
            model.addAttribute("draft", draft);
            model.addAttribute("changes", MenuChanges.between(current, draft, menu.retiredBefore(current.version())));
            model.addAttribute("refusal", drafts.publishRefusal(draft).orElse(null));
        });
        return "actions/admin-menu";
    }

    @PostMapping("/admin/actions/menu/draft")
    String startDraft(Authentication admin, Model model, HttpServletResponse response) {
        try {
            drafts.startDraft(admin.getName());
        } catch (InvalidRequest e) {
            return refused(e.getMessage(), model, response);
        }
        return "redirect:/admin/actions/menu";
    }

    @GetMapping("/admin/actions/menu/draft/actions/new")
    String newAction(Model model) {
        revision(model);
        draft();
        model.addAttribute("form", ActionForm.blank(drafts.unusedNumber()));
        model.addAttribute("replacing", null);
        return "actions/admin-action";
    }

    @PostMapping("/admin/actions/menu/draft/actions/new")
    String addAction(
            Authentication admin,
            @ModelAttribute("form") ActionForm form,
            BindingResult errors,
            @RequestParam(name = "revision", required = false) String revision,
            Model model,
            HttpServletResponse response) {
        return save(admin, form, null, revision, errors, model, response);
    }

    @GetMapping("/admin/actions/menu/draft/actions/{number}")
    String editAction(@PathVariable int number, Model model) {
        revision(model);
        MenuAction action = draft().action(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("form", ActionForm.of(action));
        model.addAttribute("replacing", number);
        return "actions/admin-action";
    }

    @PostMapping("/admin/actions/menu/draft/actions/{number}")
    String changeAction(
            Authentication admin,
            @PathVariable int number,
            @ModelAttribute("form") ActionForm form,
            BindingResult errors,
            @RequestParam(name = "revision", required = false) String revision,
            Model model,
            HttpServletResponse response) {
        return save(admin, form, number, revision, errors, model, response);
    }

    /** Retiring takes the action off the next version for every practice, so it is asked about first. */
    @GetMapping("/admin/actions/menu/draft/actions/{number}/retire")
    String confirmRetire(@PathVariable int number, Model model) {
        revision(model);
        MenuVersion draft = draft();
        model.addAttribute("draft", draft);
        model.addAttribute(
                "action", draft.action(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "actions/admin-retire";
    }

    @PostMapping("/admin/actions/menu/draft/actions/{number}/retire")
    String retire(
            Authentication admin,
            @PathVariable int number,
            @RequestParam(name = "revision", required = false) String revision,
            Model model,
            HttpServletResponse response) {
        try {
            drafts.retire(number, revision, admin.getName());
        } catch (InvalidRequest e) {
            return refused(e.getMessage(), model, response);
        } catch (DraftRevisions.ChangedMeanwhile e) {
            return refused(e, model, response);
        }
        return "redirect:/admin/actions/menu";
    }

    @PostMapping("/admin/actions/menu/draft/discard")
    String discard(
            @RequestParam(name = "revision", required = false) String revision,
            Model model,
            HttpServletResponse response) {
        try {
            drafts.discard(revision);
        } catch (InvalidRequest e) {
            return refused(e.getMessage(), model, response);
        } catch (DraftRevisions.ChangedMeanwhile e) {
            return refused(e, model, response);
        }
        return "redirect:/admin/actions/menu";
    }

    /** Publishing cannot be undone and emails practices, so the changes are shown once more first. */
    @GetMapping("/admin/actions/menu/draft/publish")
    String confirmPublish(Model model) {
        revision(model);
        MenuVersion current = menu.current();
        MenuVersion draft = draft();
        model.addAttribute("current", current);
        model.addAttribute("draft", draft);
        model.addAttribute("changes", MenuChanges.between(current, draft, menu.retiredBefore(current.version())));
        model.addAttribute("refusal", drafts.publishRefusal(draft).orElse(null));
        return "actions/admin-publish";
    }

    @PostMapping("/admin/actions/menu/draft/publish")
    String publish(
            Authentication admin,
            @RequestParam(name = "revision", required = false) String revision,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            MenuVersion published = drafts.publish(admin.getName(), revision);
            redirect.addFlashAttribute(
                    "done", "Version " + published.version() + " is published; subscribed practices are emailed");
        } catch (InvalidRequest e) {
            return refused(e.getMessage(), model, response);
        } catch (DraftRevisions.ChangedMeanwhile e) {
            return refused(e, model, response);
        }
        return "redirect:/admin/actions/menu";
    }

    private String save(
            Authentication admin,
            ActionForm form,
            Integer replacing,
            String revision,
            BindingResult errors,
            Model model,
            HttpServletResponse response) {
        try {
            drafts.save(form, replacing, revision, admin.getName());
            return "redirect:/admin/actions/menu";
        } catch (DraftRevisions.ChangedMeanwhile e) {
            return typedOverAChange(e, replacing, errors, model, response);
        } catch (InvalidRequest e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            for (Map<String, String> error : e.errors()) {
                if ("draft".equals(error.get("field"))) {
                    errors.reject("invalid", error.get("message"));
                } else {
                    errors.rejectValue(error.get("field"), "invalid", error.get("message"));
                }
            }
            model.addAttribute("hasErrors", true);
            model.addAttribute("replacing", replacing);
            model.addAttribute("revision", revision);
            return "actions/admin-action";
        }
    }

    /**
     * The action's form again, filled with what was typed and carrying the draft's revision now, saying when and by
     * whom the draft changed: an administrator who saves it again overwrites that change knowing it, rather than
     * typing everything again or losing it.
     */
    private String typedOverAChange(
            DraftRevisions.ChangedMeanwhile changed,
            Integer replacing,
            BindingResult errors,
            Model model,
            HttpServletResponse response) {
        response.setStatus(changed.status());
        errors.reject("changedMeanwhile", changed.overwriting());
        model.addAttribute("hasErrors", true);
        model.addAttribute("replacing", replacing);
        model.addAttribute("revision", changed.revision());
        return "actions/admin-action";
    }

    /**
     * The menu page as it is now, saying why nothing was changed. Starting, retiring, discarding and publishing send
     * nothing but the draft's revision, so each refusal is a conflict with the draft as it stands (there is none,
     * another administrator has just started one or changed it, it is empty or changes nothing): 409.
     */
    private String refused(String problem, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("problem", problem);
        return overview(model);
    }

    /** The same, but 400 for a page naming a revision of the draft never made, which it sent wrong. */
    private String refused(DraftRevisions.ChangedMeanwhile changed, Model model, HttpServletResponse response) {
        String page = refused(changed.getMessage(), model, response);
        response.setStatus(changed.status());
        return page;
    }

    /** Read before the draft, so that a change in between makes the page look older than it is, never newer. */
    private void revision(Model model) {
        model.addAttribute("revision", revisions.current().orElse(""));
    }

    private MenuVersion draft() {
        return menu.draft().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
