package org.gpaction.events.registration;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.notifications.SecretLinks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two single-use links registrants get, each made as its email is sent so that only its hash is stored. A
 * confirmation link replaces the one before it; every other email carries a cancel link of its own, and each works
 * until the registration ends. A link no longer wanted (confirmed already, cancelled) withdraws its email. A link
 * used up or replaced has its hash remembered a while as spent, so that reopening it counts as no guess.
 */
@Configuration(proxyBeanMethods = false)
class EventLinks {

    static final String CONFIRMATION = "event-confirmation";
    static final String CANCELLATION = "event-cancel-link";

    @Bean
    SecretLinks eventConfirmationLinks(JdbcClient jdbc, GpActionProperties app, SpentLinkHashes spentLinks) {
        return new SecretLinks() {
            @Override
            public String category() {
                return CONFIRMATION;
            }

            @Override
            public Optional<String> mint(String reference) {
                Optional<Long> id = id(reference);
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                String token = SecretTokens.generate();
                // The link this one replaces is remembered as spent, so reopening it is known for no guess.
                spentLinks.remember(
                        LinkThrottle.Kind.EVENT_LINK,
                        jdbc.sql("""
                                        select confirm_hash from events.registration
                                        where id = :id and status = 'PENDING' and confirm_hash is not null
                                        """)
                                .param("id", id.get())
                                .query((rs, row) -> rs.getBytes("confirm_hash"))
                                .list());
                int updated = jdbc.sql("""
                                update events.registration set confirm_hash = :hash
                                where id = :id and status = 'PENDING'
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .param("id", id.get())
                        .update();
                return updated == 1 ? Optional.of(app.link("/events/confirm/" + token)) : Optional.empty();
            }
        };
    }

    @Bean
    SecretLinks eventCancelLinks(JdbcClient jdbc, GpActionProperties app, Clock clock) {
        return new SecretLinks() {
            @Override
            public String category() {
                return CANCELLATION;
            }

            @Override
            public Optional<String> mint(String reference) {
                Optional<Long> id = id(reference);
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                String token = SecretTokens.generate();
                int inserted = jdbc.sql("""
                                insert into events.cancel_link (token_hash, registration_id, created_at)
                                select :hash, id, :now from events.registration
                                where id = :id and status in ('CONFIRMED', 'WAITING')
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .param("id", id.get())
                        .param("now", Timestamp.from(clock.instant()))
                        .update();
                return inserted == 1 ? Optional.of(app.link("/events/cancel/" + token)) : Optional.empty();
            }
        };
    }

    private static Optional<Long> id(String reference) {
        try {
            return Optional.of(Long.parseLong(reference));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
