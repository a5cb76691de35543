package org.gpaction.actions.menu;

import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.web.PublicPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Our own guidance on each action of the menu, one public page per action, so that a partner or practice manager
 * can read what an action asks, what it means for patients and how it ends before signing in or choosing it. The
 * page is built from the menu itself: a revision of the menu revises its guidance.
 */
@Controller
class GuidanceController {

    /** An action as its guidance shows it: as it reads in force now, or as it last read if it was retired. */
    record Guided(MenuAction action, int version, boolean retired) {}

    private final ActionMenu menu;

    GuidanceController(ActionMenu menu) {
        this.menu = menu;
    }

    @GetMapping("/actions/guidance")
    String index(Model model) {
        MenuVersion current = menu.current();
        model.addAttribute("menu", current);
        model.addAttribute("retired", menu.retiredBefore(current.version()));
        return "actions/guidance-index";
    }

    @GetMapping("/actions/guidance/{number}")
    String action(@PathVariable String number, Model model) {
        Guided guided = find(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("guided", guided);
        model.addAttribute("action", guided.action());
        model.addAttribute(
                "publishedOn", menu.version(guided.version()).orElseThrow().publishedOn());
        return "actions/guidance";
    }

    private java.util.Optional<Guided> find(String number) {
        if (!number.matches("[0-9]{1,4}")) {
            return java.util.Optional.empty();
        }
        int wanted = Integer.parseInt(number);
        MenuVersion current = menu.current();
        return current.action(wanted)
                .map(action -> new Guided(action, current.version(), false))
                .or(() -> menu.retiredBefore(current.version()).stream()
                        .filter(retired -> retired.action().number() == wanted)
                        .findFirst()
                        .map(retired -> new Guided(retired.action(), retired.lastVersion(), true)));
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths guidancePublicPaths() {
            return PublicPaths.of("/actions/guidance", "/actions/guidance/**");
        }
    }
}
