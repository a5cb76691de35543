package org.gpaction.capacity.setup;

import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.RolePaths;
import org.gpaction.common.web.ScopedPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which roles may send safe working's staff forms, and for which practices, checked before a form is read; the
 * controllers check both again afterwards. The refusals are the controllers' own.
 */
@Configuration(proxyBeanMethods = false)
class CapacityForms {

    static final String OWN_STAFF = "Only the practice's own staff record its requests";
    static final String MANAGERS = "Only the practice's managers and administrators change its safe working set-up";
    static final String ADMINISTRATORS = "Only administrators change the bank holidays";

    /** The reception board: recording, signposting and undoing a request, and booking from the waiting list. */
    private static final List<String> BOARD_FORMS = List.of(
            "/safe-working/{ods}/requests",
            "/safe-working/{ods}/requests/**",
            "/safe-working/{ods}/diversions",
            "/safe-working/{ods}/waiting-list/**");

    /** The set-up, a pause of the front door, one day's caps and the week's alert state. */
    private static final List<String> MANAGER_FORMS = List.of(
            "/safe-working/{ods}/setup",
            "/safe-working/{ods}/pause",
            "/safe-working/{ods}/pause/**",
            "/safe-working/{ods}/day-caps",
            "/safe-working/{ods}/alert-state");

    @Bean
    RolePaths capacityBoardForms() {
        return RolePaths.of("POST", BOARD_FORMS, "RECEPTIONIST", "PRACTICE_MANAGER", "ADMIN")
                .refusedWith(OWN_STAFF);
    }

    @Bean
    RolePaths capacityManagerForms() {
        return RolePaths.of("POST", MANAGER_FORMS, "PRACTICE_MANAGER", "ADMIN").refusedWith(MANAGERS);
    }

    /**
     * Every form of one practice's safe working: only for a practice the sender works at, as its pages answer, told by
     * the sender's own practices without reading the directory on each request.
     */
    @Bean
    ScopedPaths capacityPracticeForms() {
        List<String> forms = new java.util.ArrayList<>(BOARD_FORMS);
        forms.addAll(MANAGER_FORMS);
        return new ScopedPaths("POST", forms, "ods", (principal, ods) -> {
            if (principal instanceof StaffPrincipal staff) {
                CapacityAccess.toSendForm(staff, ods);
            }
        });
    }

    @Bean
    RolePaths bankHolidayForms() {
        return RolePaths.of("POST", List.of("/safe-working/bank-holidays", "/safe-working/bank-holidays/**"), "ADMIN")
                .refusedWith(ADMINISTRATORS);
    }
}
