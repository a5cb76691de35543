package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.notifications.SecretLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The link confirming a request to join: made as its email is sent (the reference is the request's id), and looked up
 * when it is opened, never used up here.
 */
@Component
class JoiningLinks implements SecretLinks {

    static final String CATEGORY = "joining-confirmation";

    private final JdbcClient jdbc;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final JsonMapper json;
    private final Clock clock;

    JoiningLinks(
            JdbcClient jdbc, MembershipProperties properties, GpActionProperties app, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.app = app;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    /** Withdrawn, the message was for an address that is no member's, and nobody here keeps it. */
    @Override
    public boolean forgetsAddressOfWithdrawn() {
        return true;
    }

    @Override
    public Optional<String> mint(String requestId) {
        return mintConfirmationLink(Long.parseLong(requestId));
    }

    /**
     * The link confirming a request to join, made as its email is sent: only its hash is kept, never the link, and a
     * link made again (the email retried) replaces the one before. It works for its whole life from now, as the email
     * says, however long the email waited. Empty once the request is confirmed or gone, or when its email could not go
     * within one link's life of the request: the person has likely asked again or given up by then.
     */
    Optional<String> mintConfirmationLink(long request) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        int set = jdbc.sql("""
                        update membership.joining_request set token_hash = :hash, expires_at = :expires
                        where id = :id and confirmed_at is null and created_at > :staleBefore
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("expires", Timestamp.from(now.plus(properties.joiningLinkLifetime())))
                .param("id", request)
                .param("staleBefore", Timestamp.from(now.minus(properties.joiningLinkLifetime())))
                .update();
        return set == 1 ? Optional.of(app.link("/join/confirm/" + token)) : Optional.empty();
    }

    /** Whether the confirmation link was made, usable or not (used or expired): not a guess. */
    boolean linkMade(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("select exists (select 1 from membership.joining_request where token_hash = :hash)")
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    /**
     * Whether the link has made its membership already, so that it says so when sent or opened again (the button
     * pressed twice or in two tabs, or the email's link opened after joining) rather than that it cannot be used. It
     * says only that: not the membership's number, nor whose it is, which whoever holds a spent link need not be.
     */
    boolean joinedThrough(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("""
                                select exists (select 1 from membership.joining_request
                                               where token_hash = :hash and membership_number is not null)
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    /** The details waiting behind a confirmation link, if it can still be used. Never uses the link up. */
    Optional<JoinDetails> pending(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select details::text from membership.joining_request
                        where token_hash = :hash and confirmed_at is null and expires_at > :now
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, JoinDetails.class));
    }
}
