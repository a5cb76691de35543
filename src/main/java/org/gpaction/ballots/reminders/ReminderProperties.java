package org.gpaction.ballots.reminders;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param daysBeforeClose when to remind non-voters by themselves, in whole days before a ballot closes (e.g.
 *     {@code 7,2}); empty, the default, sends only the reminders an administrator asks for
 * @param checkEvery how often to look for a scheduled reminder that is due
 */
@Validated
@ConfigurationProperties("gpaction.ballots.reminders")
record ReminderProperties(
        @NotNull @DefaultValue List<@NotNull @Positive Integer> daysBeforeClose,
        @NotNull @DefaultValue("5m") Duration checkEvery) {}
