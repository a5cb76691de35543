package org.gpaction.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Set;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MailPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void theSenderMayHaveANameButMustBeAnAddress() {
        assertThat(validator.validate(withFrom("GP Action <ballots@union.example>")))
                .isEmpty();
        assertThat(validator.validate(withFrom("ballots@union.example"))).isEmpty();
        Set<ConstraintViolation<MailProperties>> violations = validator.validate(withFrom("GP Action ballots"));
        assertThat(violations)
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage()).contains("must be an email address"));
    }

    @Test
    void eachWaitIsLongerThanTheLastUntilTheLongestAllowed() {
        MailProperties properties = new MailProperties(
                "a@b.example",
                Duration.ofSeconds(10),
                8,
                Duration.ofMinutes(1),
                2,
                Duration.ofMinutes(10),
                true,
                Period.ofDays(90));
        assertThat(properties.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.delayAfter(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(properties.delayAfter(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(properties.delayAfter(5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.delayAfter(1000)).isEqualTo(Duration.ofMinutes(10));
    }

    /**
     * Below 1 each wait would be shorter than the last, and NaN is no number of times longer; Infinity was taken, making
     * every wait after the first the longest. Each was refused, if at all, naming no setting.
     */
    @Test
    void aBackoffMultiplierBelowOneOrOfNoNumberIsRefusedNamingTheSetting() {
        for (String multiplier : new String[] {"0.5", "0", "-2", "NaN", "Infinity"}) {
            assertThat(validator.validate(EnvironmentSettings.bind(
                            "gpaction.mail",
                            MailProperties.class,
                            Map.of("GPACTION_MAIL_BACKOFFMULTIPLIER", multiplier))))
                    .as(multiplier)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MAIL_BACKOFFMULTIPLIER")
                            .contains("must be a number of at least 1"));
        }
        assertThat(validator.validate(EnvironmentSettings.bind(
                        "gpaction.mail", MailProperties.class, Map.of("GPACTION_MAIL_BACKOFFMULTIPLIER", "1"))))
                .isEmpty();
    }

    @Test
    void everyInstanceSendsMailUnlessToldToLeaveItToTheOthers() {
        assertThat(bind(Map.of()).dispatch()).isTrue();
        assertThat(bind(Map.of("gpaction.mail.dispatch", "false")).dispatch()).isFalse();
    }

    /**
     * "must be greater than or equal to 1" or "must be longer than or equal to 1 millisecond" told an operator neither
     * which of the mail settings to change nor to what.
     */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.mail",
                MailProperties.class,
                refused("GPACTION_MAIL_FROM", "GP Action ballots", "from"),
                refused("GPACTION_MAIL_FROM", " ", "from"),
                refused("GPACTION_MAIL_POLLINTERVAL", "5ms", "poll-interval"),
                refused("GPACTION_MAIL_POLLINTERVAL", "-10s", "poll-interval"),
                refused("GPACTION_MAIL_MAXATTEMPTS", "0", "max-attempts"),
                refused("GPACTION_MAIL_BACKOFF", "0", "backoff"),
                refused("GPACTION_MAIL_BACKOFFMULTIPLIER", "0.5", "backoff-multiplier"),
                refused("GPACTION_MAIL_BACKOFFMULTIPLIER", "NaN", "backoff-multiplier"),
                refused("GPACTION_MAIL_MAXBACKOFF", "-1h", "max-backoff"),
                refused("GPACTION_MAIL_KEEPSENTFOR", "0d", "keep-sent-for"));
    }

    /**
     * A first wait longer than the longest was taken, so every wait was cut to the longest and the doubling the README
     * describes never happened.
     */
    @Test
    void aFirstWaitLongerThanTheLongestIsRefusedNamingBothSettings() {
        for (Map<String, Object> settings : java.util.List.<Map<String, Object>>of(
                Map.of("GPACTION_MAIL_BACKOFF", "2h"),
                Map.of("GPACTION_MAIL_MAXBACKOFF", "30s"),
                Map.of("GPACTION_MAIL_BACKOFF", "10m", "GPACTION_MAIL_MAXBACKOFF", "5m"))) {
            assertThat(validator.validate(EnvironmentSettings.bind("gpaction.mail", MailProperties.class, settings)))
                    .as(settings.toString())
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .startsWith("GPACTION_MAIL_BACKOFF (gpaction.mail.backoff) must ")
                            .contains("GPACTION_MAIL_MAXBACKOFF (gpaction.mail.max-backoff)")
                            .contains("for example "));
        }
        assertThat(validator.validate(EnvironmentSettings.bind(
                        "gpaction.mail",
                        MailProperties.class,
                        Map.of("GPACTION_MAIL_BACKOFF", "1h", "GPACTION_MAIL_MAXBACKOFF", "1h"))))
                .isEmpty();
    }

    /** A blank sender was refused twice, once as blank and once as no address, saying the same thing both times. */
    @Test
    void aBlankSenderIsRefusedOnce() {
        for (String from : new String[] {" ", "\t"}) {
            assertThat(validator.validate(EnvironmentSettings.bind(
                            "gpaction.mail", MailProperties.class, Map.of("GPACTION_MAIL_FROM", from))))
                    .as("[%s]", from)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage()).isEqualTo(MailProperties.FROM_REFUSED));
        }
        assertThat(validator.validate(withFrom(null)))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage()).isEqualTo(MailProperties.FROM_REFUSED));
    }

    private static MailProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gpaction.mail", MailProperties.class);
    }

    private static MailProperties withFrom(String from) {
        return new MailProperties(
                from,
                Duration.ofSeconds(10),
                8,
                Duration.ofMinutes(1),
                2,
                Duration.ofHours(1),
                true,
                Period.ofDays(90));
    }
}
