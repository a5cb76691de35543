package org.gpaction.capacity.routing;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param keepRequestsFor how long each request is kept as recorded (its time to the minute, clinician, contact number
 *     and who recorded it) before it is added into daily counts and deleted. The evidence gives the same figures
 *     either way, so this bounds only the detail: 13 months keeps a whole year of it, for a practice checking a month
 *     against the same month a year before, plus the month under way. At least a month, because the board, undoing,
 *     the waiting list and the day's caps work from the recent days' requests.
 */
@Validated
@ConfigurationProperties("gpaction.capacity")
record CapacityProperties(@NotNull @DefaultValue("13m") Period keepRequestsFor) {

    @AssertTrue(
            message =
                    "GPACTION_CAPACITY_KEEPREQUESTSFOR (gpaction.capacity.keep-requests-for) must be at least a month,"
                            + " for example 13m")
    boolean isKeepRequestsForAtLeastAMonth() {
        // A period of months and days is longer or shorter than a month only on a given day: take a month's last.
        LocalDate someDay = LocalDate.of(2026, 3, 31);
        return keepRequestsFor == null || !someDay.minus(keepRequestsFor).isAfter(someDay.minusMonths(1));
    }
}
