package org.gpaction.accounts.security;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param failuresPerAccount failed sign-ins to one account within the window before it is paused
 * @param failuresPerAddress failed attempts from one network address within the window before it is paused
 * @param failureWindow how far back failed attempts count: at most a day, as attempts are kept no longer, and at least
 *     a minute, as a window of no time counts no attempt and so would pause nobody however many passwords were guessed
 * @param setupLinkLifetime how long the one-time link for creating the first administrator works: at least a minute,
 *     as a link that lives no time has expired as it is written to the log
 */
@Validated
@ConfigurationProperties("gpaction.accounts")
public record AccountsProperties(
        @Min(
                value = 1,
                message = "GPACTION_ACCOUNTS_FAILURES_PER_ACCOUNT (gpaction.accounts.failures-per-account) must be at"
                        + " least 1, for example 5")
        @DefaultValue("5")
        int failuresPerAccount,

        @Min(
                value = 1,
                message = "GPACTION_ACCOUNTS_FAILURES_PER_ADDRESS (gpaction.accounts.failures-per-address) must be at"
                        + " least 1, for example 20")
        @DefaultValue("20")
        int failuresPerAddress,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_ACCOUNTS_FAILURE_WINDOW (gpaction.accounts.failure-window) must be at least a"
                        + " minute, for example 15m")
        @DurationMax(
                days = 1,
                message = "GPACTION_ACCOUNTS_FAILURE_WINDOW (gpaction.accounts.failure-window) must be at most a day,"
                        + " for example 15m, as failed attempts are kept no longer")
        @DefaultValue("15m")
        Duration failureWindow,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_ACCOUNTS_SETUP_LINK_LIFETIME (gpaction.accounts.setup-link-lifetime) must be at"
                        + " least a minute, for example 24h")
        @DefaultValue("24h")
        Duration setupLinkLifetime) {}
