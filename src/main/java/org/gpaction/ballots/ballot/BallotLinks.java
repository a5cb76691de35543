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
 * one, and the earlier link is kept working for it: a voter who finds the first email can still vote with it. A
 * reminder withdrawn so is taken off its round, so that the ballot's report and marked register count only reminders
 * that went; a credential whose own email was withdrawn keeps no link (its hash stays empty), which is how they tell
 * that its link never went.
 */
@Component
public class BallotLinks implements SecretLinks {

    public static final String CATEGORY = "ballot-link";

    private static final String REMINDER = "/reminder/";

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

    /** How a reminder names the credential its link is for and the round it belongs to. */
    public static String reminderReference(long credential, long round) {
        return credential + REMINDER + round;
    }

    @Override
    public Optional<String> mint(String reference) {
        int cut = reference.indexOf(REMINDER);
        long credential;
        Long round;
        try {
            credential = Long.parseLong(cut < 0 ? reference : reference.substring(0, cut));
            round = cut < 0 ? null : Long.valueOf(reference.substring(cut + REMINDER.length()));
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
        if (updated == 1) {
            return Optional.of(app.link("/vote/" + token));
        }
        if (round != null) {
            notReminded(credential, round);
        }
        return Optional.empty();
    }

    /** Takes the member off the round; once only, as the dispatcher may withdraw the same email again after a crash. */
    private void notReminded(long credential, long round) {
        jdbc.sql("""
                        with gone as (
                            delete from ballots.reminder_sent s using ballots.credential c
                            where s.round_id = :round and c.id = :credential
                              and s.membership_number = c.membership_number
                            returning s.round_id
                        )
                        update ballots.reminder_round set sent = sent - (select count(*) from gone)
                        where id = :round
                        """).param("round", round).param("credential", credential).update();
    }
}
