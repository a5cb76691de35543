package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.membership.Member;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Non-members join through a public form. Nothing is created until the email address is confirmed through a
 * single-use link ({@link JoinConfirmations}); then a three-month TRIAL membership begins. The answer on screen is the
 * same whether or not the person is already a member, and so is the work done before it, so the form cannot be used
 * to find out who is, by what it says or by how long it takes.
 */
@Service
class JoinRequests {

    private static final String ALREADY_A_MEMBER = "joining-already-member";
    private static final String GMC_NUMBER_IN_USE = "joining-gmc-in-use";

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final JoinDetailsCheck check;
    private final Outbox outbox;
    private final FailedAttempts attempts;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final JsonMapper json;
    private final RecipientLimit recipients;
    private final JoiningInbox inbox;
    private final Clock clock;

    JoinRequests(
            JdbcClient jdbc,
            MemberRepository members,
            JoinDetailsCheck check,
            Outbox outbox,
            FailedAttempts attempts,
            MembershipProperties properties,
            GpActionProperties app,
            JsonMapper json,
            RecipientLimit recipients,
            JoiningInbox inbox,
            Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.check = check;
        this.outbox = outbox;
        this.attempts = attempts;
        this.properties = properties;
        this.app = app;
        this.json = json;
        this.recipients = recipients;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Checks the form and takes the request in; the caller shows "check your email" whatever happens. Nothing here
     * looks at the roll: the request is only put in the inbox, the same work whoever it names, and {@link #answer}
     * decides what to send a moment after the caller has answered.
     */
    @Transactional
    void request(JoinDetails entered, String address) {
        JoinDetails details = check.validate(entered);
        if (!attempts.admit(
                RequestKind.JOIN_REQUEST, address, properties.requestsPerAddress(), properties.requestWindow())) {
            throw new TooManyRequests(RetryAfter.ofRefused(
                    attempts,
                    RequestKind.JOIN_REQUEST,
                    address,
                    properties.requestsPerAddress(),
                    properties.requestWindow()));
        }
        inbox.add(details, clock.instant());
    }

    /**
     * Emails the right message for a request taken from the inbox, its fields already checked: a link to confirm the
     * address, or, to a member, word that they are one already.
     */
    @Transactional
    void answer(JoinDetails details) {
        Optional<Member> byEmail = members.findByEmail(details.email());
        // Neither notice to a member is a link: each is counted apart from the emails to the member's address, so
        // that others asking to join with the member's address or GMC number (which is public) can never use up the
        // sign-in links the member may be sent.
        if (byEmail.isPresent()) {
            if (recipients.mayTellMember(ALREADY_A_MEMBER, byEmail.get().membershipNumber())) {
                outbox.send(new Email(
                        byEmail.get().email(),
                        "You are already a member",
                        "Someone, probably you, asked to join using this email address, but it already belongs to a "
                                + "membership (number " + byEmail.get().membershipNumber() + ").\n\n"
                                + "To change your details, go to " + app.link("/my-details") + "\n\n"
                                + "If this was not you, you can ignore this email.",
                        ALREADY_A_MEMBER));
            }
            return;
        }
        Optional<String> byGmc = members.membershipNumberForGmc(details.gmcNumber());
        if (byGmc.isPresent()) {
            Member holder = members.find(byGmc.get()).orElseThrow();
            if (recipients.mayTellMember(GMC_NUMBER_IN_USE, holder.membershipNumber())) {
                outbox.send(new Email(
                        holder.email(),
                        "Someone tried to join with your GMC number",
                        "Someone asked to join using your GMC number and a different email address. Nothing has "
                                + "changed in your membership.\n\n"
                                + "If you wanted to change your email address, go to " + app.link("/my-details")
                                + "\n\nIf this was not you, please tell the union.",
                        GMC_NUMBER_IN_USE));
            }
            return;
        }
        if (!recipients.mayEmail(details.email())) {
            return;
        }
        Instant now = clock.instant();
        // Until its email goes, expires_at is when it stops being worth sending; the link's expiry is set as it is
        // made.
        long request = jdbc.sql("""
                        insert into membership.joining_request (details, created_at, expires_at)
                        values (cast(:details as jsonb), :now, :expires)
                        returning id
                        """)
                .param("details", json.writeValueAsString(details))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.joiningLinkLifetime())))
                .query(Long.class)
                .single();
        outbox.sendWithSecretLink(
                new Email(
                        details.email(),
                        "Confirm your email address to join",
                        "Dear " + details.givenName() + ",\n\n"
                                + "Thank you for joining. Confirm your email address by opening this link:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.joiningLinkLifetime())
                                + ". Your membership begins as a three-month free trial.\n\n"
                                + "If you did not ask to join, you can ignore this email.",
                        JoiningLinks.CATEGORY),
                String.valueOf(request));
    }
}
