package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gpaction.common.retention.KeptFor;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EventsPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void registrationsAreKeptAYearAfterTheEventUnlessSetOtherwise() {
        assertThat(bind(Map.of()).keepRegistrationsFor()).isEqualTo(Duration.ofDays(365));
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        assertThat(validator.validate(bind(Map.of("gpaction.events.keep-registrations-for", "1d"))))
                .isEmpty();
    }

    @Test
    void registrationsKeptForNoTimeOrLessThanNoTimeAreRefusedNamingTheSetting() {
        for (String keep : new String[] {"-365d", "0d", "12h"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.events.keep-registrations-for", keep))))
                    .as(keep)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_EVENTS_KEEPREGISTRATIONSFOR")
                            .contains("must be at least a day"));
        }
    }

    @Test
    void thePrivacyNoticeStatesRegistrationsKeptForHoursInHoursAsTheJobKeepsThem() {
        Instant now = Instant.parse("2026-06-10T12:00:00Z");
        Map<String, String> stated = new LinkedHashMap<>();
        stated.put("36h", "36 hours");
        stated.put("47h", "47 hours");
        stated.put("1d", "24 hours");
        stated.put("365d", "365 days");
        stated.forEach((keep, words) -> {
            EventsProperties properties = bind(Map.of("gpaction.events.keep-registrations-for", keep));
            KeptFor kept = new RegistrationRetention().eventRegistrations(properties);
            assertThat(kept.periodInWords()).as(keep).isEqualTo(words);
            assertThat(kept.keepSince(now)).as(keep).isEqualTo(now.minus(properties.keepRegistrationsFor()));
        });
    }

    @Test
    void remindersAreLookedForEveryMinuteUnlessSetOtherwise() {
        assertThat(bind(Map.of()).reminderCheckEvery()).isEqualTo(Duration.ofMinutes(1));
        for (String every : new String[] {"1s", "5m"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.events.reminder-check-every", every))))
                    .as(every)
                    .isEmpty();
        }
    }

    @Test
    void remindersLookedForWithNoPauseOrLessThanNoneAreRefusedNamingTheSetting() {
        for (String every : new String[] {"-1m", "0s", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.events.reminder-check-every", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_EVENTS_REMINDERCHECKEVERY")
                            .contains("must be at least a second"));
        }
    }

    @Test
    void remindersLookedForTooSeldomToComeShortlyAsPromisedAreRefusedNamingTheSettingAndTheLimit() {
        for (String every : new String[] {"301s", "1h", "30d"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.events.reminder-check-every", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_EVENTS_REMINDERCHECKEVERY")
                            .contains("must be at most 5 minutes"));
        }
    }

    @Test
    void registrationsCountForAnHourUnlessSetOtherwise() {
        assertThat(bind(Map.of()).registrationWindow()).isEqualTo(Duration.ofHours(1));
        EventsProperties set = fromEnvironment(Map.of("GPACTION_EVENTS_REGISTRATIONWINDOW", "1m"));
        assertThat(set.registrationWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /**
     * Each registration sends a confirmation email to whatever address is typed, through the outbox that carries ballot
     * links too: 200 an hour is far above colleagues behind one practice or trust address registering for one event,
     * and slows a script to 200 such emails an hour (1,000 let one address send 24,000 a day).
     */
    @Test
    void oneAddressMayRegisterTwoHundredTimesAnHourUnlessSetOtherwise() {
        EventsProperties unset = bind(Map.of());
        assertThat(unset.registrationsPerAddress()).isEqualTo(200);
        assertThat(unset.registrationWindow()).isEqualTo(Duration.ofHours(1));
        EventsProperties set = fromEnvironment(Map.of("GPACTION_EVENTS_REGISTRATIONSPERADDRESS", "50"));
        assertThat(set.registrationsPerAddress()).isEqualTo(50);
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A window of no time (or less) counts no registration, so no address or mailbox would ever be limited. */
    @Test
    void aRegistrationWindowTooShortToCountAnyRegistrationIsRefusedNamingTheSetting() {
        for (String window : new String[] {"0s", "0", "-1h", "59s"}) {
            assertThat(validator.validate(fromEnvironment(Map.of("GPACTION_EVENTS_REGISTRATIONWINDOW", window))))
                    .as(window)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_EVENTS_REGISTRATIONWINDOW")
                            .contains("must be at least a minute"));
        }
    }

    /** "must be greater than 0" told an operator neither which of the three limits to change nor to what. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.events",
                EventsProperties.class,
                refused("GPACTION_EVENTS_REGISTRATIONSPERADDRESS", "0", "registrations-per-address"),
                refused("GPACTION_EVENTS_REGISTRATIONWINDOW", "59s", "registration-window"),
                refused("GPACTION_EVENTS_REGISTRATIONWINDOW", "25h", "registration-window"),
                refused("GPACTION_EVENTS_EMAILSPERRECIPIENT", "-10", "emails-per-recipient"),
                refused("GPACTION_EVENTS_UNKNOWNLINKSPERADDRESS", "0", "unknown-links-per-address"),
                refused("GPACTION_EVENTS_REMINDERCHECKEVERY", "500ms", "reminder-check-every"),
                refused("GPACTION_EVENTS_REMINDERCHECKEVERY", "1h", "reminder-check-every"),
                refused("GPACTION_EVENTS_KEEPREGISTRATIONSFOR", "12h", "keep-registrations-for"));
    }

    private static EventsProperties fromEnvironment(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.events", EventsProperties.class, environment);
    }

    private static EventsProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gpaction.events", EventsProperties.class);
    }
}
