package org.gpaction.ballots.replacement;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param requestsPerAddress replacement requests taken from one network address within the address window, whether
 *     or not their details match (the answer must not depend on that): as many as joining takes, enough for a
 *     practice's GPs asking together behind the one address an NHS network gives them. Past it no request is refused
 *     (a member's own would be): each is answered the same, and only one whose numbers match a member is taken in
 * @param addressWindow how far back requests from a network address count: at most a day, as the requests counted
 *     are kept no longer
 * @param requestsPerMembershipNumber requests whose details match a member acted on for that member within the
 *     window; more are answered the same way but ignored, so nobody can flood a member's inbox
 * @param window how far back requests for a member count: at most a day, likewise
 * @param addressesPerMember addresses a member's waiting request in a ballot may gain within the window; a request
 *     naming yet another is answered the same way and its address is not listed, so someone who knows a member's
 *     numbers cannot bury the member's own address among theirs for the scrutineer; it is named in the ballot's log
 *     and counted on the request instead, as it may be the member's own
 * @param repeatWindow a request giving the same details as one taken within this time is answered that a link has
 *     just been sent, and nothing more is sent: a second link would end the first, which the member may then use; at
 *     most a day, likewise. This window and the two above are at least a minute: a window of no time counts nothing
 *     and so limits nothing
 * @param checkEvery how often each instance looks for requests taken in but not yet acted on (each is acted on as
 *     soon as it is committed; this finds those an instance that stopped left behind): at least a second, as the
 *     scheduler refuses no time or less, and below a second it would look without pause
 */
@Validated
@ConfigurationProperties("gpaction.ballots.replacements")
record ReplacementProperties(
        @Min(
                value = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_REQUESTSPERADDRESS (gpaction.ballots.replacements"
                        + ".requests-per-address) must be at least 1, for example 60")
        @DefaultValue("60")
        int requestsPerAddress,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW (gpaction.ballots.replacements.address-window)"
                        + " must be at least a minute, for example 15m")
        @DurationMax(
                days = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW (gpaction.ballots.replacements.address-window)"
                        + " must be at most a day, for example 15m, as the requests it counts are kept no longer")
        @DefaultValue("15m")
        Duration addressWindow,

        @Min(
                value = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_REQUESTSPERMEMBERSHIPNUMBER (gpaction.ballots.replacements"
                        + ".requests-per-membership-number) must be at least 1, for example 5")
        @DefaultValue("5")
        int requestsPerMembershipNumber,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_WINDOW (gpaction.ballots.replacements.window) must be at least"
                        + " a minute, for example 1h")
        @DurationMax(
                days = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_WINDOW (gpaction.ballots.replacements.window) must be at most"
                        + " a day, for example 1h, as the requests it counts are kept no longer")
        @DefaultValue("1h")
        Duration window,

        @Min(
                value = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSESPERMEMBER (gpaction.ballots.replacements"
                        + ".addresses-per-member) must be at least 1, for example 3")
        @DefaultValue("3")
        int addressesPerMember,

        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW (gpaction.ballots.replacements.repeat-window)"
                        + " must be at least a minute, for example 2m")
        @DurationMax(
                days = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW (gpaction.ballots.replacements.repeat-window)"
                        + " must be at most a day, for example 2m, as the requests it counts are kept no longer")
        @DefaultValue("2m")
        Duration repeatWindow,

        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_BALLOTS_REPLACEMENTS_CHECKEVERY (gpaction.ballots.replacements.check-every) must be"
                        + " at least a second, for example 10s")
        @DefaultValue("10s")
        Duration checkEvery) {}
