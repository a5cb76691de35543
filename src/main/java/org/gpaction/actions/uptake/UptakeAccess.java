package org.gpaction.actions.uptake;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Administrators see uptake anywhere; an LMC officer sees only their own LMC's (and its ICBs); nobody else sees
 * uptake at all.
 */
@Component
class UptakeAccess {

    private final Clock clock;

    UptakeAccess(Clock clock) {
        this.clock = clock;
    }

    UptakeScope scope(StaffPrincipal staff, String lmc, String icb) {
        String wantedLmc = blankToNull(lmc);
        String wantedIcb = blankToNull(icb);
        if (wantedIcb != null) {
            wantedIcb = wantedIcb.toUpperCase(Locale.ROOT);
            if (!wantedIcb.matches("[A-Z0-9]{1,10}")) {
                throw InvalidRequest.field("icb", "An ICB code is letters and digits, like QHM");
            }
        }
        return switch (staff.role()) {
            case ADMIN -> new UptakeScope(wantedLmc, wantedIcb);
            case LMC_OFFICER -> {
                if (wantedLmc != null && !wantedLmc.equalsIgnoreCase(staff.lmc())) {
                    throw new ResponseStatusException(
                            HttpStatus.FORBIDDEN, "LMC officers see the uptake of their own LMC only");
                }
                yield new UptakeScope(staff.lmc(), wantedIcb);
            }
            default ->
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, "Uptake is for administrators and LMC officers");
        };
    }

    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    LocalDate day(String on) {
        if (on == null || on.isBlank()) {
            return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        }
        LocalDate day;
        try {
            day = LocalDate.parse(on.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field("on", "Enter the date as a real date, like 2024-10-01");
        }
        // Each week back to the first menu is counted for the page: a date centuries ahead would be millions of weeks.
        if (day.isBefore(EARLIEST) || day.isAfter(today().plusYears(1))) {
            throw InvalidRequest.field("on", "Enter a date from 2000 to a year from today, like 2024-10-01");
        }
        return day;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
