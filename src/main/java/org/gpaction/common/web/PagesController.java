package org.gpaction.common.web;

import java.util.Comparator;
import java.util.List;
import org.gpaction.common.retention.KeptFor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PagesController {

    private final List<KeptFor> periods;

    PagesController(List<KeptFor> periods) {
        this.periods =
                periods.stream().sorted(Comparator.comparingInt(KeptFor::order)).toList();
    }

    @GetMapping("/")
    String start() {
        return "common/start";
    }

    @GetMapping("/accessibility")
    String accessibility() {
        return "common/accessibility";
    }

    @GetMapping("/privacy")
    String privacy(Model model) {
        model.addAttribute("periods", periods);
        return "common/privacy";
    }
}
