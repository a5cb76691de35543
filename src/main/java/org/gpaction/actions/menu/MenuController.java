package org.gpaction.actions.menu;

import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuVersion;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** The menu for every member of staff: the version in force, earlier versions, and retired actions. */
@Controller
class MenuController {

    private final ActionMenu menu;

    MenuController(ActionMenu menu) {
        this.menu = menu;
    }

    @GetMapping("/actions")
    String home(Model model) {
        model.addAttribute("menu", menu.current());
        return "actions/home";
    }

    @GetMapping("/actions/menu")
    String current(Model model) {
        return show(menu.current(), model);
    }

    @GetMapping("/actions/menu/versions/{version}")
    String version(@PathVariable int version, Model model) {
        MenuVersion found = menu.version(version)
                .filter(v -> !v.isDraft())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return show(found, model);
    }

    private String show(MenuVersion version, Model model) {
        model.addAttribute("menu", version);
        model.addAttribute("isCurrent", version.version() == menu.current().version());
        model.addAttribute(
                "versions", menu.versions().stream().filter(v -> !v.isDraft()).toList());
        model.addAttribute("retired", menu.retiredBefore(version.version()));
        return "actions/menu";
    }
}
