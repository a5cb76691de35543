package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.members.AuditLog;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in member's change of email address, which takes effect only once they open a single-use link sent to the
 * new address: a typing mistake then changes nothing, and the member's sign-in and ballot links keep going to an
 * address they read. Whether the new address is another member's is found out only when the email would go out, off
 * the request, so the member asking learns nothing of it: that address is told that it is a member's already and that
 * nothing was changed.
 */
@Service
class EmailChanges {

    static final String CATEGORY = "details-email-confirm";

    /** What a member's requests are counted under: a keyed hash of their membership number, not the number. */
    private static final String MEMBER_PURPOSE = "GP Action changes of email address asked for by one member";

    /** The change holds only while the member's address is the one their sign-in proved when they asked for it. */
    private static final String STILL_AT_THE_ADDRESS_ASKED_FROM =
            "c.asked_at = (select %s from membership.member m where m.membership_number = c.membership_number)"
                    .formatted(DetailsSignIn.ADDRESS_KEY.formatted("m.email"));

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final MemberDetails details;
    private final DetailsSignIn signIn;
    private final Outbox outbox;
    private final AuditLog audit;
    private final RecipientLimit recipients;
    private final FailedAttempts attempts;
    private final KeyedHashes hashes;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final Clock clock;

    EmailChanges(
            JdbcClient jdbc,
            MemberRepository members,
            MemberDetails details,
            DetailsSignIn signIn,
            Outbox outbox,
            AuditLog audit,
            RecipientLimit recipients,
            FailedAttempts attempts,
            KeyedHashes hashes,
            MembershipProperties properties,
            GpActionProperties app,
            Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.details = details;
        this.signIn = signIn;
        this.outbox = outbox;
        this.audit = audit;
        this.recipients = recipients;
        this.attempts = attempts;
        this.hashes = hashes;
        this.properties = properties;
        this.app = app;
        this.clock = clock;
    }

    /** A member has asked to change their address as many times as the window allows: nothing was sent or stored. */
    static class TooManyRequests extends RuntimeException {

        private final RetryAfter retryAfter;

        TooManyRequests(RetryAfter retryAfter) {
            super("Too many changes of email address asked for by one member");
            this.retryAfter = retryAfter;
        }

        /** When the member may ask again. */
        RetryAfter retryAfter() {
            return retryAfter;
        }
    }

    /**
     * What a member's request to change their address came to: the address as cleaned, whether it is theirs, and,
     * when it is, the new address of a change it withdrew (empty when none was waiting).
     */
    record Requested(String email, boolean theirsAlready, Optional<String> withdrawn) {}

    /**
     * Queues the link confirming the new address, overtaking any change asked for before; the answer is the same
     * whoever the address belongs to. Nothing changes until the link is opened. The member's own address withdraws a
     * change waiting to be confirmed, whose link then cannot be used, and sends nothing. One member may ask as many times in
     * the request window as one network address may ask for sign-in links, so that a script signed in as them cannot
     * send the email to any number of addresses; a request past that throws {@link TooManyRequests}. A request made
     * once the member's address has changed from the one their sign-in proved (an import it waited for corrected it)
     * throws {@link DetailsSignIn.SignedOutMeanwhile}, and nothing is sent or stored.
     */
    @Transactional
    Requested request(DetailsSignIn.SignedIn signedIn, String newEmail) {
        if (newEmail.isBlank()) {
            throw new InvalidDetails(Map.of("email", "Enter your new email address"));
        }
        String email = InvalidDetails.emailAddress(newEmail);
        String membershipNumber = signedIn.membershipNumber();
        // The roll first, as for any change to the member's details: an import correcting their address holds it until
        // it commits, and the sign-in is then judged by the address the import set.
        members.lockRollForOneChange();
        signIn.checkStillSignedIn(signedIn);
        Member member = members.find(membershipNumber).orElseThrow();
        Instant now = clock.instant();
        if (email.equalsIgnoreCase(member.email())) {
            Optional<String> withdrawn =
                    withdrawWaiting(membershipNumber, now).stream().findFirst();
            // The request is in the member's audit log: so is why the change it asked for was never made.
            withdrawn.ifPresent(change -> audit.record(
                    MemberIdentities.SELF_SERVICE,
                    "SELF_SERVICE",
                    membershipNumber,
                    "Withdrew the change of email address waiting to be confirmed, by giving their current address:"
                            + " its link no longer works"));
            return new Requested(email, true, withdrawn);
        }
        String counted = hashes.of(MEMBER_PURPOSE, membershipNumber);
        if (!attempts.admit(
                RequestKind.EMAIL_CHANGE_REQUEST,
                counted,
                properties.requestsPerAddress(),
                properties.requestWindow())) {
            throw new TooManyRequests(RetryAfter.ofRefused(
                    attempts,
                    RequestKind.EMAIL_CHANGE_REQUEST,
                    counted,
                    properties.requestsPerAddress(),
                    properties.requestWindow()));
        }
        // Only a change still waiting is overtaken: one whose link had expired was spent then, and is deleted a week
        // from its expiry, not kept a week from now.
        withdrawWaiting(membershipNumber, now);
        audit.record(
                MemberIdentities.SELF_SERVICE,
                "SELF_SERVICE",
                membershipNumber,
                "Asked to change their email address, to take effect once confirmed from the new address");
        if (!recipients.mayConfirmNewAddress(email)) {
            return new Requested(email, false, Optional.empty());
        }
        long id = jdbc.sql("""
                        insert into membership.email_change (membership_number, new_email, asked_at, created_at,
                                                             expires_at)
                        values (:n, :email, :askedAt, :now, :expires)
                        returning id
                        """)
                .param("n", membershipNumber)
                // The address the member's sign-in proved, not whatever the record says by now.
                .param("askedAt", signedIn.address())
                .param("email", email)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.detailsLinkLifetime())))
                .query(Long.class)
                .single();
        outbox.sendWithSecretLinkAfterAnswering(
                new Email(
                        email,
                        "Confirm your new membership email address",
                        "You asked for this to be the email address on your union membership. Open this link to"
                                + " confirm it:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.detailsLinkLifetime())
                                + ". Until you open it, your membership keeps its current address. If you did not ask"
                                + " for this, you can ignore this email.",
                        CATEGORY),
                String.valueOf(id));
        return new Requested(email, false, Optional.empty());
    }

    /**
     * Spends the member's change waiting to be confirmed, if any, so that its link cannot be used, and gives its new
     * address; one whose link has expired is left to be deleted as it is, a week from its expiry.
     */
    private List<String> withdrawWaiting(String membershipNumber, Instant now) {
        return jdbc.sql("""
                        update membership.email_change set spent_at = :now
                        where membership_number = :n and spent_at is null and expires_at > :now
                        returning new_email
                        """)
                .param("now", Timestamp.from(now))
                .param("n", membershipNumber)
                .query(String.class)
                .list();
    }

    /**
     * The link confirming the change, made as its email goes; empty when the change was overtaken, the member's
     * address changed meanwhile, or it could not go within one link's life, and the email is then withdrawn. When the
     * new address is another member's, no link is made either, and that address is told instead.
     */
    Optional<String> mintLink(long change) {
        Instant now = clock.instant();
        Optional<String> newEmail = jdbc.sql("""
                        select c.new_email from membership.email_change c
                        where c.id = :id and c.spent_at is null and c.created_at > :staleBefore and %s
                        for update
                        """.formatted(STILL_AT_THE_ADDRESS_ASKED_FROM))
                .param("id", change)
                .param("staleBefore", Timestamp.from(now.minus(properties.detailsLinkLifetime())))
                .query(String.class)
                .optional();
        if (newEmail.isEmpty()) {
            return Optional.empty();
        }
        if (members.findByEmail(newEmail.get()).isPresent()) {
            jdbc.sql("update membership.email_change set spent_at = :now where id = :id")
                    .param("now", Timestamp.from(now))
                    .param("id", change)
                    .update();
            outbox.send(new Email(
                    newEmail.get(),
                    "Your email address is already on a membership",
                    "Someone signed in to a union membership asked for this email address to be that membership's."
                            + " It is already the address of a membership, so nothing was changed.\n\nIf you have"
                            + " more than one membership, tell the union. Otherwise you can ignore this email.",
                    "details-email-taken"));
            return Optional.empty();
        }
        String token = SecretTokens.generate();
        jdbc.sql("update membership.email_change set token_hash = :hash, expires_at = :expires where id = :id")
                .param("hash", SecretTokens.hash(token))
                .param("expires", Timestamp.from(now.plus(properties.detailsLinkLifetime())))
                .param("id", change)
                .update();
        return Optional.of(app.link("/my-details/email/" + token));
    }

    /** Whether the link was made, usable or not (used, overtaken or expired): not a guess. */
    boolean linkMade(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("select exists (select 1 from membership.email_change where token_hash = :hash)")
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    /** The new address behind a link, if the link can still be used. Never uses the link up. */
    Optional<String> pending(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select c.new_email from membership.email_change c
                        where c.token_hash = :hash and c.spent_at is null and c.expires_at > :now and %s
                        """.formatted(STILL_AT_THE_ADDRESS_ASKED_FROM))
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class)
                .optional();
    }

    /** The member whose address a link changed, and the address it is now. */
    record Changed(String membershipNumber, String email) {}

    /**
     * Uses the link up and changes the member's address, telling the address it replaces; empty, and nothing changed,
     * when the link cannot be used (or the address became another member's meanwhile).
     */
    @Transactional
    Optional<Changed> use(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        // The roll first, before the member's address is checked: an import holds it from its checks until it
        // commits, so a link opened meanwhile sees the address the import set, and cannot overwrite it.
        members.lockRollForOneChange();
        Optional<Changed> change = jdbc.sql("""
                        update membership.email_change c set spent_at = :now
                        where c.token_hash = :hash and c.spent_at is null and c.expires_at > :now and %s
                        returning c.membership_number, c.new_email
                        """.formatted(STILL_AT_THE_ADDRESS_ASKED_FROM))
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Changed(rs.getString(1), rs.getString(2)))
                .optional();
        return change.map(changed -> {
            Member after = details.changeEmail(changed.membershipNumber(), changed.email());
            return new Changed(after.membershipNumber(), after.email());
        });
    }
}
