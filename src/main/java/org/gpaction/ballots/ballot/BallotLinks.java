package org.gpaction.ballots.ballot;

import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.notifications.SecretLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes a voter's link as their ballot email is sent: a fresh 256-bit token whose hash becomes the credential's,
 * in the sending transaction. The token itself is never stored. A credential replaced or used before its email
 * went out gets no link, and the email is withdrawn.
 */
@Component
public class BallotLinks implements SecretLinks {

    public static final String CATEGORY = "ballot-link";

    private final JdbcClient jdbc;
    private final GpActionProperties app;

    BallotLinks(JdbcClient jdbc, GpActionProperties app) {
        this.jdbc = jdbc;
        this.app = app;
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
                        update ballots.credential set token_hash = :hash
                        where id = :id and state = 'ACTIVE'
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("id", credential)
                .update();
        return updated == 1 ? Optional.of(app.link("/vote/" + token)) : Optional.empty();
    }
}
