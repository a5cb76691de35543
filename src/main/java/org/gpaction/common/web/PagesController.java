package org.gpaction.common.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PagesController {

    @GetMapping("/")
    String start() {
        return "common/start";
    }

    @GetMapping("/accessibility")
    String accessibility() {
        return "common/accessibility";
    }

    @GetMapping("/privacy")
    String privacy() {
        return "common/privacy";
    }
}
