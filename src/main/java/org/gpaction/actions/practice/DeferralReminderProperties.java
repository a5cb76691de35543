package org.gpaction.actions.practice;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param reminderInterval how often each instance looks for deferrals whose review date has come: at least a second,
 *     as the scheduler refuses no time or less, and below a second it would look without pause
 */
@Validated
@ConfigurationProperties("gpaction.actions")
record DeferralReminderProperties(
        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_ACTIONS_REMINDER_INTERVAL (gpaction.actions.reminder-interval) must be at least a"
                        + " second, for example 1h")
        @DefaultValue("1h")
        Duration reminderInterval) {}
