package org.gpaction.ballots.ballot;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.notifications.SecretLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes a voter's link as their ballot email is sent: a fresh 256-bit token whose hash becomes the credential's,
 * in the sending transaction. The token itself is never stored. A credential replaced or used before its email
 * went out gets no link, and the email is withdrawn. A credential that already had a link (a reminder) gets a new
 * one, and the earlier link is kept working for it: a voter who finds the first email can still vote with it.
 */
@Component
public class BallotLinks implements SecretLinks {

    public static final String CATEGORY = "ballot-link";

    private final JdbcClient jdbc;
    private final GpActionProperties app;
    private final Clock clock;

    BallotLinks(JdbcClient jdbc, GpActionProperties app, Clock clock) {
        this.jdbc = jdbc;
        this.app = app;
        this.clock = clock;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    @Override
    public Optional<String> mint(String reference) {
        long credential;
        try {
            credential = Long.parseLong(reference);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String token = SecretTokens.generate();
        int updated = jdbc.sql("""
                        with previous as (
                            select id, token_hash from ballots.credential
                            where id = :id and state = 'ACTIVE'
                            for update
                        ), minted as (
                            update ballots.credential c set token_hash = :hash
                            from previous where c.id = previous.id
                            returning c.id, previous.token_hash as earlier
                        ), kept as (
                            insert into ballots.earlier_link (token_hash, credential_id, superseded_at)
                            select earlier, id, :now from minted where earlier is not null
                            on conflict do nothing
                        )
                        select count(*) from minted
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("id", credential)
                .param("now", Timestamp.from(clock.instant()))
                .query(Integer.class)
                .single();
        return updated == 1 ? Optional.of(app.link("/vote/" + token)) : Optional.empty();
    }
}
