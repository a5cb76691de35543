package org.gpaction.ballots.reminders;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param daysBeforeClose when to remind non-voters by themselves, in whole days before a ballot closes (e.g.
 *     {@code 7,2}); empty, the default, sends only the reminders an administrator asks for
 * @param checkEvery how often to look for a scheduled reminder that is due: at least a second, as the scheduler
 *     refuses no time or less, and below a second it would look without pause
 */
@Validated
@ConfigurationProperties("gpaction.ballots.reminders")
record ReminderProperties(
        @NotNull @DefaultValue
        List<@NotNull(message = DAYS_BEFORE_CLOSE_REFUSED) @Positive(message = DAYS_BEFORE_CLOSE_REFUSED) Integer>
                daysBeforeClose,

        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_BALLOTS_REMINDERS_CHECKEVERY (gpaction.ballots.reminders.check-every) must be at"
                        + " least a second, for example 5m")
        @DefaultValue("5m")
        Duration checkEvery) {

    /** Said of a day of none or fewer, and of a gap between two commas, which binds as no day at all. */
    static final String DAYS_BEFORE_CLOSE_REFUSED =
            "GPACTION_BALLOTS_REMINDERS_DAYSBEFORECLOSE (gpaction.ballots.reminders.days-before-close) must be whole"
                    + " days of at least 1, separated by commas, for example 7,2";
}
