package org.gpaction.actions.uptake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@JsonApi
class UptakeApiController {

    /** @param onMenu false for an action since retired from the menu that a practice has taken, maybe still */
    record ActionView(int number, int practicesTaking, BigDecimal percent, boolean onMenu) {}

    record UptakeView(LocalDate on, String lmc, String icb, int practices, List<ActionView> actions) {}

    private final Uptake uptake;
    private final UptakeAccess access;

    UptakeApiController(Uptake uptake, UptakeAccess access) {
        this.uptake = uptake;
        this.access = access;
    }

    @GetMapping("/api/actions/uptake")
    UptakeView uptake(
            @RequestParam(name = "lmc", required = false) String lmc,
            @RequestParam(name = "icb", required = false) String icb,
            @RequestParam(name = "on", required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff) {
        UptakeScope scope = access.scope(staff, lmc, icb);
        Uptake.Figures figures = uptake.snapshot().on(access.day(on), scope);
        return new UptakeView(
                figures.on(),
                scope.lmc(),
                scope.icb(),
                figures.practices(),
                figures.actions().stream()
                        .map(a -> new ActionView(a.number(), a.practicesTaking(), a.percent(), a.onMenu()))
                        .toList());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail refused(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }
}
