package org.gpaction.accounts.staff;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.security.SignInThrottle;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.notifications.SecretLinks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff choose their own passwords: a new account gets an invitation, and an administrator can send a reset link;
 * nobody ever types another person's password. Each link works once, for a limited time; its token is made as its
 * email is sent and only the token's hash is kept. Sending a new link for an account ends the earlier ones.
 */
@Service
public class PasswordLinks {

    static final String INVITATION_CATEGORY = "staff-invitation";
    static final String RESET_CATEGORY = "staff-password-reset";
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    static final Duration RESET_LIFETIME = Duration.ofHours(24);

    enum Purpose {
        INVITATION,
        RESET
    }

    /** Whose link a token is, while it still works. */
    record Holder(long staffId, String email, Purpose purpose) {}

    private final JdbcClient jdbc;
    private final StaffRepository staff;
    private final Outbox outbox;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final GpActionProperties app;
    private final SignInThrottle throttle;
    private final Clock clock;

    PasswordLinks(
            JdbcClient jdbc,
            StaffRepository staff,
            Outbox outbox,
            PasswordPolicy policy,
            PasswordEncoder encoder,
            GpActionProperties app,
            SignInThrottle throttle,
            Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.outbox = outbox;
        this.policy = policy;
        this.encoder = encoder;
        this.app = app;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Emails a new account's holder a link to choose their password. Called in the transaction creating it. */
    @Transactional
    void invite(StaffAccount account, String actor) {
        Stored link = store(account.id(), Purpose.INVITATION, actor, INVITATION_LIFETIME);
        outbox.sendWithSecretLink(
                new Email(
                        account.email(),
                        "You have a GP Action staff account",
                        """
                        %s has made you a GP Action staff account (%s).

                        Choose your password here, before %s:

                        %s

                        The link works once. If it has expired, ask an administrator to send another.
                        If you were not expecting this, you can ignore this email: nobody can sign in as you
                        until a password is chosen with this link.
                        """.formatted(
                                        actor,
                                        account.role().label().toLowerCase(java.util.Locale.UK),
                                        UkTime.format(link.expires()),
                                        Email.SECRET_LINK),
                        INVITATION_CATEGORY),
                String.valueOf(link.id()));
    }

    /**
     * Emails an account's holder a link to choose a new password; an account still waiting for its first password
     * gets a fresh invitation instead. The current password keeps working until the link is used. Answers which of
     * the two was sent. Sent only while {@code actorId} is still an enabled administrator.
     */
    @Transactional
    public Purpose sendReset(long staffId, long actorId, String actor) {
        // Under the lock a disabling or demotion of an administrator takes, before the account's row as they take it.
        StaffAccounts.stillAnAdministrator(staff, actorId, "id", "send a password link");
        // Checked under the account's row, taken before its links as a disabling takes them: read without it, a
        // disabling could commit between the check and the link, leaving a link it never ended. Held, a disabling has
        // either committed (and no link is made) or waits to end this link with the others.
        boolean enabled = staff.holdEnabled(staffId);
        StaffAccount account = staff.findById(staffId).orElseThrow(() -> new StaffNotFound(staffId));
        if (!enabled) {
            throw new DisabledAccount();
        }
        if (!account.passwordSet()) {
            invite(account, actor);
            return Purpose.INVITATION;
        }
        Stored link = store(staffId, Purpose.RESET, actor, RESET_LIFETIME);
        outbox.sendWithSecretLink(
                new Email(
                        account.email(),
                        "Choose a new GP Action password",
                        """
                        %s has sent you a link to choose a new password for your GP Action staff account.

                        Choose it here, before %s:

                        %s

                        The link works once. Your current password keeps working until you use it.
                        If you did not ask for this, tell your administrator.
                        """.formatted(actor, UkTime.format(link.expires()), Email.SECRET_LINK),
                        RESET_CATEGORY),
                String.valueOf(link.id()));
        return Purpose.RESET;
    }

    /** A link stored, before its token exists: the outbox's reference to it, and when it stops working. */
    private record Stored(long id, Instant expires) {}

    private Stored store(long staffId, Purpose purpose, String actor, Duration lifetime) {
        Instant now = clock.instant();
        // One live link per account: a new one ends any sent before it.
        end(staffId);
        Instant expires = now.plus(lifetime);
        long id = jdbc.sql("""
                        insert into accounts.password_link (staff_id, purpose, created_at, created_by, expires_at)
                        values (:staff, :purpose, :now, :actor, :expires)
                        returning id
                        """)
                .param("staff", staffId)
                .param("purpose", purpose.name())
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("expires", Timestamp.from(expires))
                .query(Long.class)
                .single();
        return new Stored(id, expires);
    }

    /**
     * Ends the account's links not yet used: ended, not just unusable while the account is disabled, so enabling it
     * again does not bring them back, and a password its holder has changed is not chosen again by an older link.
     */
    void end(long staffId) {
        jdbc.sql("""
                        update accounts.password_link set expires_at = :now
                        where staff_id = :staff and used_at is null and expires_at > :now
                        """)
                .param("staff", staffId)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    /** Makes a link's token as its email goes out; a link ended or used meanwhile gets none. */
    Optional<String> mint(String reference) {
        long id;
        try {
            id = Long.parseLong(reference);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String token = SecretTokens.generate();
        int updated = jdbc.sql("""
                        update accounts.password_link set token_hash = :hash
                        where id = :id and used_at is null and expires_at > :now
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return updated == 1 ? Optional.of(app.link("/account/password/" + token)) : Optional.empty();
    }

    /** The holder of a link that still works; looking never uses it up. */
    Optional<Holder> holder(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select s.id, s.email, l.purpose
                        from accounts.password_link l join accounts.staff s on s.id = l.staff_id
                        where l.token_hash = :hash and l.used_at is null and l.expires_at > :now and s.enabled
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) ->
                        new Holder(rs.getLong("id"), rs.getString("email"), Purpose.valueOf(rs.getString("purpose"))))
                .optional();
    }

    /**
     * Sets the password and uses the link up, in one transaction: a password the policy refuses leaves the link
     * working, two people racing with one link set one password, and a link chosen as its account is disabled either
     * sets the password before the disabling or does not work.
     *
     * @return the account whose password was set, or empty when the link does not work (any more)
     */
    @Transactional
    Optional<Holder> choose(String token, String password) {
        Optional<Holder> holder = holder(token);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        policy.problem(password, holder.get().email()).ifPresent(problem -> {
            throw new InvalidStaffDetails(Map.of("password", problem));
        });
        // Hashed (slow by design) before the account's row is taken, so that nothing waiting for the row, a disabling
        // say, waits for the hash too; if the link turns out not to work once the row is held, the hash goes unused.
        String passwordHash = encoder.encode(password);
        // The account's row before the link's, in the order disabling the account or changing its password takes
        // them: taken the other way round, a link chosen as its account was disabled deadlocked the two. Once it is
        // held, a disabling has either committed (and the link does not work) or waits for the password to be set.
        if (!staff.holdEnabled(holder.get().staffId())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int used = jdbc.sql("""
                        update accounts.password_link set used_at = :now
                        where token_hash = :hash and used_at is null and expires_at > :now
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .update();
        if (used != 1) {
            return Optional.empty();
        }
        staff.setPassword(holder.get().staffId(), passwordHash, holder.get().email(), now);
        // Nothing signed in with the old password stays so: a reset is how someone takes back an account.
        staff.endSessions(holder.get().staffId());
        staff.revokeTokens(holder.get().staffId(), now);
        // The link proves who is choosing, so whoever paused the account with wrong passwords cannot keep them out.
        throttle.passwordChosenFromLink(holder.get().email());
        return holder;
    }

    @Configuration(proxyBeanMethods = false)
    static class Links {

        @Bean
        SecretLinks staffInvitationLinks(PasswordLinks links) {
            return secretLinks(INVITATION_CATEGORY, links);
        }

        @Bean
        SecretLinks staffPasswordResetLinks(PasswordLinks links) {
            return secretLinks(RESET_CATEGORY, links);
        }

        private static SecretLinks secretLinks(String category, PasswordLinks links) {
            return new SecretLinks() {
                @Override
                public String category() {
                    return category;
                }

                @Override
                public Optional<String> mint(String reference) {
                    return links.mint(reference);
                }
            };
        }
    }
}
