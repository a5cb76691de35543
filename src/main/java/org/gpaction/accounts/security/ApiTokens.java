package org.gpaction.accounts.security;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.InvalidStaffDetails;
import org.gpaction.accounts.staff.StaffRepository;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.TypedText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Bearer tokens for the JSON API: shown once when issued, stored only as a hash, revocable. */
@Service
class ApiTokens {

    static final int MAX_NAME_LENGTH = 100;

    record IssuedToken(long id, String name, String token) {
        @Override
        public String toString() {
            return "IssuedToken[id=" + id + ", name=" + name + "]";
        }
    }

    record TokenSummary(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final StaffRepository staff;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, StaffRepository staff, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.clock = clock;
    }

    /**
     * A new token for someone signed in under {@code credentialsVersion}. Written under the account's row, so a
     * password change, reset or disabling made meanwhile either comes after it (and revokes it) or has already moved
     * the version on, and then no token is written. A page form's {@code formKey} is written with the token, where it
     * is unique: a form sent again, even while its first sending is still being issued, makes no second token, and a
     * sending that made none (a refused name, or a failure) leaves the key unused.
     *
     * @param formKey the key of the page form sent, or null for a token asked for through the API
     * @throws CredentialsChanged when the account's credentials version has moved on or it is disabled
     * @throws TokenFormUsed when {@code formKey} has made a token already
     */
    @Transactional
    IssuedToken issue(long staffId, long credentialsVersion, String name, String formKey) {
        String label = name == null || name.isBlank() ? "API token" : name.strip();
        if (label.length() > MAX_NAME_LENGTH) {
            throw new InvalidStaffDetails(
                    java.util.Map.of("name", "Token name must be " + MAX_NAME_LENGTH + " characters or fewer"));
        }
        if (TypedText.hasControlCharacters(label)) {
            throw new InvalidStaffDetails(java.util.Map.of(
                    "name", "Token name must not contain control characters, such as tabs or line breaks"));
        }
        if (!staff.holdCredentials(staffId, credentialsVersion)) {
            throw new CredentialsChanged();
        }
        String token = SecretTokens.generate();
        long id = jdbc.sql("""
                        insert into accounts.api_token (staff_id, name, token_hash, created_at, form_key)
                        values (:staff, :name, :hash, :now, :form)
                        on conflict (form_key) do nothing
                        returning id
                        """)
                .param("staff", staffId)
                .param("name", label)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .param("form", formKey, Types.VARCHAR)
                .query(Long.class)
                .optional()
                .orElseThrow(TokenFormUsed::new);
        return new IssuedToken(id, label, token);
    }

    /** The enabled member of staff a live token belongs to: one statement, no transaction, on every API request. */
    Optional<StaffPrincipal> authenticate(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return staff.findPrincipalByToken(SecretTokens.hash(token), clock.instant())
                .filter(StaffPrincipal::isEnabled)
                .map(principal -> {
                    principal.eraseCredentials();
                    return principal;
                });
    }

    List<TokenSummary> list(long staffId) {
        return jdbc.sql("""
                        select id, name, created_at, last_used_at, revoked_at from accounts.api_token
                        where staff_id = :staff order by created_at desc, id desc
                        """)
                .param("staff", staffId)
                .query((rs, row) -> new TokenSummary(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .list();
    }

    /** Revokes one of this person's own tokens; false if they have no such live token. */
    boolean revoke(long staffId, long tokenId) {
        return jdbc.sql("""
                        update accounts.api_token set revoked_at = :now
                        where id = :id and staff_id = :staff and revoked_at is null
                        """)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("id", tokenId)
                        .param("staff", staffId)
                        .update()
                == 1;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
