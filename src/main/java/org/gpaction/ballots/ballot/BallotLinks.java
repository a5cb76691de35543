package org.gpaction.ballots.ballot;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.notifications.SecretLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes a voter's link as their ballot email is sent: a fresh 256-bit token whose hash becomes the credential's,
 * in the sending transaction. The token itself is never stored. A credential replaced or used before its email
 * went out gets no link, and the email is withdrawn; so does any link email (first link, reminder or replacement)
 * still unsent when its ballot's closing time passes, as no link goes out for a ballot nobody can vote in. A
 * credential that already had a link (a reminder) gets a new one, and the earlier link is kept working for it: a
 * voter who finds the first email can still vote with it. A reminder withdrawn while the ballot is open is taken off
 * its round, so that the ballot's report and marked register count only reminders that went, unless an earlier attempt
 * at it may have been delivered (its instance stopped before recording it); one withdrawn after the close stays on its
 * round, as the close found it, so that the report's figures do not move after the close. A
 * credential whose own email was withdrawn keeps no link (its hash stays empty), which is how they tell that its link
 * never went.
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
        return mint(reference, false);
    }

    @Override
    public Optional<String> mintAfterUnrecordedAttempt(String reference) {
        return mint(reference, true);
    }

    private Optional<String> mint(String reference, boolean mayHaveGone) {
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
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                        with previous as (
                            select c.id, c.token_hash from ballots.credential c
                            join ballots.ballot b on b.id = c.ballot_id
                            where c.id = :id and c.state = 'ACTIVE'
                              and b.status in ('SCHEDULED', 'OPEN') and b.closes_at > :now
                            for update of c
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
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .single();
        if (updated == 1) {
            return Optional.of(app.link("/vote/" + token));
        }
        if (round != null && !mayHaveGone) {
            notReminded(credential, round, now);
        }
        return Optional.empty();
    }

    /**
     * Takes the member off the round while the ballot is open; once only, as the dispatcher may withdraw the same email
     * again after a crash. After the close the round is left as the close found it.
     */
    private void notReminded(long credential, long round, Instant now) {
        jdbc.sql("""
                        with gone as (
                            delete from ballots.reminder_sent s using ballots.credential c, ballots.ballot b
                            where s.round_id = :round and c.id = :credential
                              and s.membership_number = c.membership_number
                              and b.id = c.ballot_id and b.status in ('SCHEDULED', 'OPEN') and b.closes_at > :now
                            returning s.round_id
                        )
                        update ballots.reminder_round set sent = sent - (select count(*) from gone)
                        where id = :round
                        """)
                .param("round", round)
                .param("credential", credential)
                .param("now", Timestamp.from(now))
                .update();
    }
}
