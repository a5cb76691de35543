package org.gpaction.events.registration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param registrationsPerAddress how many registrations one network address may send per window: far more than
 *     colleagues behind one practice or trust address send registering for an event mailed to them, as NHS sites
 *     share a few public addresses. Each registration emails whatever address was typed, through the outbox that
 *     carries ballot links too, so this slows a script to this many confirmation emails per window from one address;
 *     it does not stop one (another address, or the next window, sends more), and the limit per recipient stops
 *     anyone filling one mailbox
 * @param registrationWindow the window for the above and the next: at most a day, as the requests counted are kept
 *     no longer, and at least a minute, as a window of no time counts nothing and so would limit nothing
 * @param emailsPerRecipient how many registration emails (confirm your place, already registered) one email address
 *     may be sent per window, whoever asks; further registrations for it are answered the same and send nothing
 * @param unknownLinksPerAddress how many unknown confirmation or cancel links one address may try per 15 minutes
 *     before it is paused; a real link always works
 * @param reminderCheckEvery how often to look for day-before reminders that are due: at least a second, at most 5
 *     minutes
 * @param keepRegistrationsFor how long after an event its registrations (names, addresses, attendance) are kept
 */
@Validated
@ConfigurationProperties("gpaction.events")
record EventsProperties(
        @Positive(
                message = "GPACTION_EVENTS_REGISTRATIONSPERADDRESS (gpaction.events.registrations-per-address) must be"
                        + " at least 1, for example 200")
        @DefaultValue("200")
        int registrationsPerAddress,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_EVENTS_REGISTRATIONWINDOW (gpaction.events.registration-window) must be at least a"
                        + " minute, for example 1h")
        @DurationMax(
                days = 1,
                message = "GPACTION_EVENTS_REGISTRATIONWINDOW (gpaction.events.registration-window) must be at most a"
                        + " day, for example 1h, as the requests counted are kept no longer")
        @DefaultValue("1h")
        Duration registrationWindow,

        @Positive(
                message =
                        "GPACTION_EVENTS_EMAILSPERRECIPIENT (gpaction.events.emails-per-recipient) must be at least 1,"
                                + " for example 10")
        @DefaultValue("10")
        int emailsPerRecipient,

        @Positive(
                message = "GPACTION_EVENTS_UNKNOWNLINKSPERADDRESS (gpaction.events.unknown-links-per-address) must be"
                        + " at least 1, for example 30")
        @DefaultValue("30")
        int unknownLinksPerAddress,

        @NotNull @DefaultValue("1m") Duration reminderCheckEvery,
        @NotNull @DefaultValue("365d") Duration keepRegistrationsFor) {

    /**
     * Below zero the registrations of events still to come would be deleted; under a day, the host's list and
     * attendance the moment the event ends, with the privacy notice saying 0 days.
     */
    @AssertTrue(
            message = "GPACTION_EVENTS_KEEPREGISTRATIONSFOR (gpaction.events.keep-registrations-for) must be at least a"
                    + " day after the event, for example 365d")
    boolean isKeepRegistrationsForAtLeastADay() {
        return keepRegistrationsFor == null || keepRegistrationsFor.compareTo(Duration.ofDays(1)) >= 0;
    }

    /**
     * At zero or below the scheduler refuses the task and the application fails to start with a bare
     * IllegalArgumentException that names nothing; under a second it would query for reminders without pause.
     */
    @AssertTrue(
            message = "GPACTION_EVENTS_REMINDERCHECKEVERY (gpaction.events.reminder-check-every) must be at least a"
                    + " second, for example 1m")
    boolean isReminderCheckEveryAtLeastASecond() {
        return reminderCheckEvery == null || reminderCheckEvery.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    /**
     * Someone given a place once the reminders are due (a webinar's joining link with it) is told theirs comes shortly,
     * and only this job sends it, never once the event has started: any longer and it comes late or not at all.
     */
    @AssertTrue(
            message = "GPACTION_EVENTS_REMINDERCHECKEVERY (gpaction.events.reminder-check-every) must be at most 5"
                    + " minutes, for example 1m, as someone given a place once the reminders are due is told theirs"
                    + " comes shortly")
    boolean isReminderCheckEveryAtMostFiveMinutes() {
        return reminderCheckEvery == null || reminderCheckEvery.compareTo(Duration.ofMinutes(5)) <= 0;
    }
}
