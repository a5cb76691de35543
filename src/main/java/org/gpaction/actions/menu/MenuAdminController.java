package org.gpaction.actions.menu;

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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators draft, compare and publish versions of the menu (everything under /admin needs ADMIN). */
@Controller
class MenuAdminController {

    private final ActionMenu menu;
    private final MenuDrafts drafts;

    MenuAdminController(ActionMenu menu, MenuDrafts drafts) {
        this.menu = menu;
        this.drafts = drafts;
    }

    @ModelAttribute("categories")
    Category[] categories() {
        return Category.values();
    }

    @GetMapping("/admin/actions/menu")
    String overview(Model model) {
        MenuVersion current = menu.current();
        model.addAttribute("current", current);
        model.addAttribute("versions", menu.versions());
        menu.draft().ifPresent(draft -> {
            model.addAttribute("draft", draft);
            model.addAttribute("changes", MenuChanges.between(current, draft));
        });
        return "actions/admin-menu";
    }

    @PostMapping("/admin/actions/menu/draft")
    String startDraft(Authentication admin, RedirectAttributes redirect) {
        try {
            drafts.startDraft(admin.getName());
        } catch (InvalidRequest e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/actions/menu";
    }

    @GetMapping("/admin/actions/menu/draft/actions/new")
    String newAction(Model model) {
        MenuVersion draft = draft();
        int next = draft.actions().stream().mapToInt(MenuAction::number).max().orElse(0) + 1;
        model.addAttribute("form", ActionForm.blank(next));
        model.addAttribute("replacing", null);
        return "actions/admin-action";
    }

    @PostMapping("/admin/actions/menu/draft/actions/new")
    String addAction(@ModelAttribute("form") ActionForm form, BindingResult errors, Model model) {
        return save(form, null, errors, model);
    }

    @GetMapping("/admin/actions/menu/draft/actions/{number}")
    String editAction(@PathVariable int number, Model model) {
        MenuAction action = draft().action(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("form", ActionForm.of(action));
        model.addAttribute("replacing", number);
        return "actions/admin-action";
    }

    @PostMapping("/admin/actions/menu/draft/actions/{number}")
    String changeAction(
            @PathVariable int number, @ModelAttribute("form") ActionForm form, BindingResult errors, Model model) {
        draft().action(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return save(form, number, errors, model);
    }

    /** Retiring takes the action off the next version for every practice, so it is asked about first. */
    @GetMapping("/admin/actions/menu/draft/actions/{number}/retire")
    String confirmRetire(@PathVariable int number, Model model) {
        MenuVersion draft = draft();
        model.addAttribute("draft", draft);
        model.addAttribute(
                "action", draft.action(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "actions/admin-retire";
    }

    @PostMapping("/admin/actions/menu/draft/actions/{number}/retire")
    String retire(@PathVariable int number) {
        drafts.retire(number);
        return "redirect:/admin/actions/menu";
    }

    @PostMapping("/admin/actions/menu/draft/discard")
    String discard(RedirectAttributes redirect) {
        try {
            drafts.discard();
        } catch (InvalidRequest e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/actions/menu";
    }

    /** Publishing cannot be undone and emails practices, so the changes are shown once more first. */
    @GetMapping("/admin/actions/menu/draft/publish")
    String confirmPublish(Model model) {
        MenuVersion current = menu.current();
        MenuVersion draft = draft();
        model.addAttribute("current", current);
        model.addAttribute("draft", draft);
        model.addAttribute("changes", MenuChanges.between(current, draft));
        return "actions/admin-publish";
    }

    @PostMapping("/admin/actions/menu/draft/publish")
    String publish(Authentication admin, RedirectAttributes redirect) {
        try {
            MenuVersion published = drafts.publish(admin.getName());
            redirect.addFlashAttribute(
                    "done", "Version " + published.version() + " is published; subscribed practices are emailed");
        } catch (InvalidRequest e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/actions/menu";
    }

    private String save(ActionForm form, Integer replacing, BindingResult errors, Model model) {
        try {
            drafts.save(form, replacing);
            return "redirect:/admin/actions/menu";
        } catch (InvalidRequest e) {
            for (Map<String, String> error : e.errors()) {
                if ("draft".equals(error.get("field"))) {
                    errors.reject("invalid", error.get("message"));
                } else {
                    errors.rejectValue(error.get("field"), "invalid", error.get("message"));
                }
            }
            model.addAttribute("hasErrors", true);
            model.addAttribute("replacing", replacing);
            return "actions/admin-action";
        }
    }

    private MenuVersion draft() {
        return menu.draft().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
