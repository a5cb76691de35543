package org.gpaction.accounts.staff;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.gpaction.accounts.security.AccountsProperties;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one-time link that creates the first administrator when no bootstrap credentials are configured. Opening
 * it never uses it up; only creating the administrator does.
 */
@Service
class SetupLinks {

    private final JdbcClient jdbc;
    private final StaffAccounts staffAccounts;
    private final GpActionProperties properties;
    private final AccountsProperties accountsProperties;
    private final Clock clock;

    SetupLinks(
            JdbcClient jdbc,
            StaffAccounts staffAccounts,
            GpActionProperties properties,
            AccountsProperties accountsProperties,
            Clock clock) {
        this.jdbc = jdbc;
        this.staffAccounts = staffAccounts;
        this.properties = properties;
        this.accountsProperties = accountsProperties;
        this.clock = clock;
    }

    /** A new link; any earlier unused link stops working. */
    @Transactional
    String create() {
        Instant now = clock.instant();
        jdbc.sql("delete from accounts.setup_link where used_at is null").update();
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into accounts.setup_link (token_hash, created_at, expires_at)
                        values (:hash, :now, :expires)
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(accountsProperties.setupLinkLifetime())))
                .update();
        return properties.link("/setup/" + token);
    }

    boolean isUsable(String token) {
        return SecretTokens.looksValid(token)
                && !staffAccounts.enabledAdminExists()
                && jdbc.sql("""
                        select exists (select 1 from accounts.setup_link
                                       where token_hash = :hash and used_at is null and expires_at > :now)
                        """)
                        .param("hash", SecretTokens.hash(token))
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Boolean.class)
                        .single();
    }

    /** Whether the first administrator is set up, which every setup link is for. */
    boolean administratorExists() {
        return staffAccounts.enabledAdminExists();
    }

    /**
     * Creates the first administrator and uses the link up, in one transaction: invalid details leave the link
     * working, and two people racing with one link get one administrator.
     */
    @Transactional
    StaffAccount completeSetup(String token, String email, String password) {
        if (!isUsable(token)) {
            throw new SetupLinkUnusable();
        }
        StaffAccount admin =
                staffAccounts.createFirstAdmin(email, password, "setup link").orElseThrow(SetupLinkUnusable::new);
        int used = jdbc.sql("""
                        update accounts.setup_link set used_at = :now
                        where token_hash = :hash and used_at is null and expires_at > :now
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("hash", SecretTokens.hash(token))
                .update();
        if (used != 1) {
            throw new SetupLinkUnusable();
        }
        return admin;
    }

    static class SetupLinkUnusable extends RuntimeException {
        SetupLinkUnusable() {
            super("This setup link has expired, has been used, or an administrator already exists");
        }
    }
}
