package org.gpaction.actions.menu;

import java.time.LocalDate;
import java.util.List;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.Category;
import org.gpaction.actions.Deferral;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.web.JsonApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@JsonApi
class MenuApiController {

    record ActionView(
            int number,
            String title,
            String what,
            String why,
            String forPatients,
            String guidanceUrl,
            Category category,
            boolean mayDeEscalate,
            int phase,
            boolean mayBreachContract,
            Integer dailyContactLimit,
            List<Deferral> deferrals) {

        static ActionView of(MenuAction action) {
            return new ActionView(
                    action.number(),
                    action.title(),
                    action.what(),
                    action.why(),
                    action.forPatients(),
                    action.guidanceUrl(),
                    action.category(),
                    action.mayDeEscalate(),
                    action.phase(),
                    action.mayBreachContract(),
                    action.dailyContactLimit(),
                    action.deferrals());
        }
    }

    record MenuView(int version, LocalDate publishedOn, List<ActionView> actions) {}

    private final ActionMenu menu;

    MenuApiController(ActionMenu menu) {
        this.menu = menu;
    }

    @GetMapping("/api/actions/menu")
    MenuView menu() {
        MenuVersion current = menu.current();
        return new MenuView(
                current.version(),
                current.publishedOn(),
                current.actions().stream().map(ActionView::of).toList());
    }
}
