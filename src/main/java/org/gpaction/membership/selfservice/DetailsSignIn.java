package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
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
 * A member's sign-in to update their details: a single-use, short-lived link sent to their registered address, and
 * the session it opens. Both hold only while the member's address is the one the link went to.
 */
@Service
class DetailsSignIn {

    /** An address as a sign-in holds it, one spelling of it in any case. */
    static final String ADDRESS_KEY = "sha256(convert_to(lower(%s), 'UTF8'))";

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final Outbox outbox;
    private final AuditLog audit;
    private final FailedAttempts attempts;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final RecipientLimit recipients;
    private final Clock clock;

    DetailsSignIn(
            JdbcClient jdbc,
            MemberRepository members,
            Outbox outbox,
            AuditLog audit,
            FailedAttempts attempts,
            MembershipProperties properties,
            GpActionProperties app,
            RecipientLimit recipients,
            Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.outbox = outbox;
        this.audit = audit;
        this.attempts = attempts;
        this.properties = properties;
        this.app = app;
        this.recipients = recipients;
        this.clock = clock;
    }

    /**
     * The rule for every sign-in, by link or by session: it holds only while the member's address is the one its link
     * went to. Whoever reads the mailbox the member had may not be the member, who may have moved from it (or had it
     * corrected by an import) for that reason. Checked where a sign-in is used rather than written where an address
     * changes, so that an import changing thousands of addresses in one statement needs nothing more. Null, as false,
     * when there is no such member.
     *
     * @param number SQL giving the membership number
     * @param address SQL giving the address as {@link #address} keys it
     */
    private static String atTheMembersAddress(String number, String address) {
        return "(select %s from membership.member m where m.membership_number = %s) = %s"
                .formatted(ADDRESS_KEY.formatted("m.email"), number, address);
    }

    /**
     * Queues a sign-in email to the address, whoever it belongs to; the caller answers the same either way. Whether
     * it belongs to a member is looked up only when the email goes out ({@link DetailsSignInLinks}), so that the
     * request does the same work, and takes the same time, for a member and a stranger. Past the limit for its network
     * address it is looked up here: a member's email is still queued, and a stranger's is not, with the same answer.
     */
    @Transactional
    void requestLink(String email, String address) {
        // No member holds an address mail cannot be sent to, so refusing one tells nothing about who is a member,
        // while taking it would tell whoever mistyped theirs to wait for a link that cannot come.
        String cleaned = InvalidDetails.emailAddress(email);
        if (attempts.admit(
                RequestKind.DETAILS_LINK_REQUEST,
                address,
                properties.requestsPerAddress(),
                properties.requestWindow())) {
            if (recipients.mayEmail(cleaned)) {
                queueLink(cleaned);
            }
            return;
        }
        // A practice's GPs share one network address: a limit there that refused a member would let anyone at it keep
        // them all from signing in. Past it a stranger's address is sent nothing and counted nowhere, so that however
        // many are typed nothing more is kept; a member's has its own limit (RecipientLimit), whoever asks. Whether
        // that has room is read for a stranger's too, so that the two differ in work only while a member's address
        // is still sent links: its few in the window.
        boolean member = members.existsByEmail(cleaned);
        boolean room = recipients.hasRoomFor(cleaned);
        if (member && room && recipients.mayEmail(cleaned)) {
            queueLink(cleaned);
        }
    }

    private void queueLink(String email) {
        outbox.sendWithSecretLinkAfterAnswering(
                new Email(
                        email,
                        "Sign in to update your details",
                        "Open this link to check and update your membership details:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.detailsLinkLifetime())
                                + ". If you did not ask for it, you can ignore this email.",
                        DetailsSignInLinks.CATEGORY),
                email);
    }

    /**
     * A fresh sign-in link for the member with this address, stored as its hash only; empty when no member has it,
     * and the email is then withdrawn unsent.
     */
    Optional<String> mintLink(String email) {
        Optional<Member> member = members.findByEmail(email);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into membership.details_link (token_hash, membership_number, created_at, expires_at,
                                                             sent_to)
                        values (:hash, :number, :now, :expires, %s)
                        """.formatted(ADDRESS_KEY.formatted(":email")))
                .param("hash", SecretTokens.hash(token))
                .param("number", member.get().membershipNumber())
                .param("email", email)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.detailsLinkLifetime())))
                .update();
        return Optional.of(app.link("/my-details/sign-in/" + token));
    }

    /** Whether the sign-in link was made, usable or not (used or expired): not a guess. */
    boolean linkMade(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("select exists (select 1 from membership.details_link where token_hash = :hash)")
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    boolean linkUsable(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("""
                        select exists (select 1 from membership.details_link link
                                       where token_hash = :hash and used_at is null and expires_at > :now
                                         and %s)
                        """.formatted(atTheMembersAddress("link.membership_number", "link.sent_to")))
                        .param("hash", SecretTokens.hash(token))
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Boolean.class)
                        .single();
    }

    /**
     * A member signed in through a link, and the address it was sent to, as {@link #address} keys it: the sign-in
     * proves only that its holder reads that mailbox.
     */
    record SignedIn(String membershipNumber, byte[] address) {}

    /** Uses the link up; the member it signs in, if it was still usable. */
    @Transactional
    Optional<SignedIn> useLink(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SignedIn> signedIn = jdbc.sql(
                        """
                        update membership.details_link link set used_at = :now
                        where token_hash = :hash and used_at is null and expires_at > :now and %s
                        returning link.membership_number, link.sent_to
                        """.formatted(atTheMembersAddress("link.membership_number", "link.sent_to")))
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new SignedIn(rs.getString(1), rs.getBytes(2)))
                .optional();
        signedIn.ifPresent(member -> audit.record(
                MemberIdentities.SELF_SERVICE,
                "SIGNED_IN",
                member.membershipNumber(),
                "Signed in to update their details"));
        return signedIn;
    }

    /**
     * A sign-in found no longer holding by a change that holds the roll: the member's address changed after the session
     * was checked (an import correcting it, say). Nothing was changed.
     */
    static class SignedOutMeanwhile extends RuntimeException {
        SignedOutMeanwhile() {
            super("The member's address changed after their session's sign-in was checked");
        }
    }

    /**
     * For a change to a member's details, once it holds the roll: throws {@link SignedOutMeanwhile} unless the sign-in
     * still holds. Checked again there because a change may wait for an import holding the roll, and the import may
     * correct the address the sign-in proved.
     */
    void checkStillSignedIn(SignedIn member) {
        if (!stillAt(member.membershipNumber(), member.address())) {
            throw new SignedOutMeanwhile();
        }
    }

    /** Whether a session's sign-in still holds: the member's address is still the one its link went to. */
    boolean stillAt(String membershipNumber, byte[] address) {
        return jdbc.sql("select coalesce(%s, false)".formatted(atTheMembersAddress(":number", ":address")))
                .param("number", membershipNumber)
                .param("address", address)
                .query(Boolean.class)
                .single();
    }

    /** The address as a sign-in holds it: not the address itself, so that the session's store never has it. */
    byte[] address(String email) {
        return jdbc.sql("select " + ADDRESS_KEY.formatted(":email"))
                .param("email", email)
                .query(byte[].class)
                .single();
    }
}
