package org.gpaction.membership.members;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxImportBytes the largest membership file accepted: at least a byte, as none would refuse every file
 * @param joiningLinkLifetime how long the link confirming a joiner's email works: at least a minute, as a link that
 *     lives no time has expired as its email goes
 * @param detailsLinkLifetime how long a member's "update your details" sign-in link works: at least a minute, for the
 *     same reason, and at least the request window (see {@link #isDetailsLinkLifetimeAtLeastTheRequestWindow})
 * @param requestsPerAddress joining and sign-in link requests from one network address within the window: enough
 *     for a practice's GPs joining together behind the one address an NHS network gives them. Past it a request to
 *     join is refused, while a sign-in link is still sent to an address that is a member's (and only to one), so that
 *     nobody at the address can keep its members from signing in
 * @param emailsPerRecipient joining and sign-in link emails to one email address within the window, and as many
 *     links confirming it as a member's new address, counted apart; more are not sent (the page answers as ever), so
 *     nobody can fill someone's mailbox
 * @param unknownLinksPerAddress unknown joining and sign-in links one network address may try within the window;
 *     further unknown ones are refused, while real links from there keep working and used or expired ones (no guesses)
 *     are neither counted nor refused
 * @param requestWindow how far back requests count: at most a day, as the requests counted are kept no longer, and at
 *     least a minute, as a window of no time counts no request and so would limit none
 * @param keepAuditLogFor how long each entry of the membership audit log (who viewed or changed which member's record)
 *     is kept before it is deleted. Two years lets a member who asks who saw their record, or an inquiry into misuse
 *     found late, look back across a whole membership year and the ballots held in it, without keeping a record of
 *     every look at special category data for ever.
 * @param keepSpentLinksFor how long a request to join (the details given) and a member's sign-in link are kept once
 *     the link is used or has expired, before they are deleted. A week lets the union answer someone who says their
 *     link did not work; after that nothing needs them.
 * @param checkJoiningEvery how often each instance looks for requests to join taken in but not yet acted on (each is
 *     acted on a moment after it is taken in; this finds those an instance that stopped left behind): at least a
 *     second, as the scheduler refuses no time or less, and below a second it would look without pause
 * @param rollWait how long a joiner's or member's change, or another import, waits for the roll while an import holds
 *     it before they are told it is being updated and to try again: each waiting change holds one of the database
 *     connections every page shares, so a long import must not gather them. It is PostgreSQL's lock_timeout, in whole
 *     milliseconds: at least one, as PostgreSQL reads none as no limit at all, and at most 24 days, as PostgreSQL takes
 *     no more than 2,147,483,647 milliseconds (24 days 20 hours) and refuses a longer one, failing every change
 */
@Validated
@ConfigurationProperties("gpaction.membership")
public record MembershipProperties(
        @Min(
                value = 1,
                message = "GPACTION_MEMBERSHIP_MAXIMPORTBYTES (gpaction.membership.max-import-bytes) must be at least 1"
                        + " byte, for example 104857600 (100 MB)")
        @DefaultValue("104857600")
        long maxImportBytes,

        @NotNull
        @DurationMin(
                minutes = SHORTEST_MINUTES,
                message = "GPACTION_MEMBERSHIP_JOININGLINKLIFETIME (gpaction.membership.joining-link-lifetime) must be"
                        + " at least a minute, for example 48h")
        @DefaultValue("48h")
        Duration joiningLinkLifetime,

        @NotNull
        @DurationMin(
                minutes = SHORTEST_MINUTES,
                message = "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME (gpaction.membership.details-link-lifetime) must be"
                        + " at least a minute, for example 30m")
        @DefaultValue("30m")
        Duration detailsLinkLifetime,

        @Min(
                value = 1,
                message = "GPACTION_MEMBERSHIP_REQUESTSPERADDRESS (gpaction.membership.requests-per-address) must be at"
                        + " least 1, for example 60")
        @DefaultValue("60")
        int requestsPerAddress,

        @Min(
                value = 1,
                message = "GPACTION_MEMBERSHIP_EMAILSPERRECIPIENT (gpaction.membership.emails-per-recipient) must be at"
                        + " least 1, for example 3")
        @DefaultValue("3")
        int emailsPerRecipient,

        @Min(
                value = 1,
                message = "GPACTION_MEMBERSHIP_UNKNOWNLINKSPERADDRESS (gpaction.membership.unknown-links-per-address)"
                        + " must be at least 1, for example 30")
        @DefaultValue("30")
        int unknownLinksPerAddress,

        @NotNull
        @DurationMin(
                minutes = SHORTEST_MINUTES,
                message = "GPACTION_MEMBERSHIP_REQUESTWINDOW (gpaction.membership.request-window) must be at least a"
                        + " minute, for example 15m")
        @DurationMax(
                days = LONGEST_WINDOW_DAYS,
                message = "GPACTION_MEMBERSHIP_REQUESTWINDOW (gpaction.membership.request-window) must be at most a"
                        + " day, for example 15m, as the requests counted are kept no longer")
        @DefaultValue("15m")
        Duration requestWindow,

        @NotNull @DefaultValue("2y") Period keepAuditLogFor,
        @NotNull @DefaultValue("7d") Period keepSpentLinksFor,

        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_MEMBERSHIP_CHECKJOININGEVERY (gpaction.membership.check-joining-every) must be at"
                        + " least a second, for example 10s")
        @DefaultValue("10s")
        Duration checkJoiningEvery,

        @NotNull
        @DurationMin(
                millis = 1,
                message = "GPACTION_MEMBERSHIP_ROLLWAIT (gpaction.membership.roll-wait) must be at least a millisecond,"
                        + " for example 10s")
        @DurationMax(
                days = 24,
                message = "GPACTION_MEMBERSHIP_ROLLWAIT (gpaction.membership.roll-wait) must be at most 24 days, the"
                        + " longest PostgreSQL waits for a lock, for example 10s")
        @DefaultValue("10s")
        Duration rollWait) {

    /**
     * The shortest a link's lifetime or the request window may be, in minutes, and the longest the window may be, in
     * days: numbers, as an annotation takes no Duration, for the limits and the check between them to share. Their
     * messages say "a minute" and "a day".
     */
    private static final long SHORTEST_MINUTES = 1;

    private static final long LONGEST_WINDOW_DAYS = 1;

    @AssertTrue(
            message = "GPACTION_MEMBERSHIP_KEEPAUDITLOGFOR (gpaction.membership.keep-audit-log-for) must be longer than"
                    + " no time, for example 2y")
    boolean isKeepAuditLogForLongerThanNoTime() {
        return keepAuditLogFor == null || (!keepAuditLogFor.isNegative() && !keepAuditLogFor.isZero());
    }

    /**
     * A member who asks for a sign-in link after others used up the ones their address may be sent in the window is
     * sent nothing more: the links already in their mailbox must still work, so none may expire while counted. Not
     * judged for a lifetime or window already refused on its own (under a minute, over a day), so that one wrong
     * setting is named once.
     */
    @AssertTrue(
            message = "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME (gpaction.membership.details-link-lifetime) must be at"
                    + " least GPACTION_MEMBERSHIP_REQUESTWINDOW (gpaction.membership.request-window), so that the"
                    + " sign-in links counted against a member's address in the window all still work, for example 30m"
                    + " with a window of 15m")
    boolean isDetailsLinkLifetimeAtLeastTheRequestWindow() {
        return detailsLinkLifetime == null
                || requestWindow == null
                || detailsLinkLifetime.compareTo(Duration.ofMinutes(SHORTEST_MINUTES)) < 0
                || requestWindow.compareTo(Duration.ofDays(LONGEST_WINDOW_DAYS)) > 0
                || detailsLinkLifetime.compareTo(requestWindow) >= 0;
    }

    @AssertTrue(
            message = "GPACTION_MEMBERSHIP_KEEPSPENTLINKSFOR (gpaction.membership.keep-spent-links-for) must not be"
                    + " negative, for example 7d")
    boolean isKeepSpentLinksForNotNegative() {
        return keepSpentLinksFor == null || !keepSpentLinksFor.isNegative();
    }
}
