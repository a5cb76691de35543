package org.gpaction.capacity.setup;

import java.util.List;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which roles may send safe working's staff forms, checked before a form is read; the controllers check again, and
 * check the practice, afterwards. The refusals are the controllers' own.
 */
@Configuration(proxyBeanMethods = false)
class CapacityForms {

    static final String OWN_STAFF = "Only the practice's own staff record its requests";
    static final String MANAGERS = "Only the practice's managers and administrators change its safe working set-up";
    static final String ADMINISTRATORS = "Only administrators change the bank holidays";

    /** The reception board: recording, signposting and undoing a request, and booking from the waiting list. */
    @Bean
    RolePaths capacityBoardForms() {
        return RolePaths.of(
                        "POST",
                        List.of(
                                "/safe-working/{ods}/requests",
                                "/safe-working/{ods}/requests/**",
                                "/safe-working/{ods}/diversions",
                                "/safe-working/{ods}/waiting-list/**"),
                        "RECEPTIONIST",
                        "PRACTICE_MANAGER",
                        "ADMIN")
                .refusedWith(OWN_STAFF);
    }

    /** The set-up, a pause of the front door, one day's caps and the week's alert state. */
    @Bean
    RolePaths capacityManagerForms() {
        return RolePaths.of(
                        "POST",
                        List.of(
                                "/safe-working/{ods}/setup",
                                "/safe-working/{ods}/pause",
                                "/safe-working/{ods}/pause/**",
                                "/safe-working/{ods}/day-caps",
                                "/safe-working/{ods}/alert-state"),
                        "PRACTICE_MANAGER",
                        "ADMIN")
                .refusedWith(MANAGERS);
    }

    @Bean
    RolePaths bankHolidayForms() {
        return RolePaths.of("POST", List.of("/safe-working/bank-holidays", "/safe-working/bank-holidays/**"), "ADMIN")
                .refusedWith(ADMINISTRATORS);
    }
}
