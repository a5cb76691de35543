package org.gpaction.actions.support;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gpaction.actions.support.Pledges.PledgeDetails;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The link a pledge's email brings: made as the email is sent, opened to see the pledge, used to confirm it. A pledge
 * counts once confirmed; a second for the same practice, or one whose practice the directory has since closed or
 * placed outside England, is deleted instead.
 */
@Service
class PledgeConfirmations {

    /**
     * The pledge a link is for, and whether its address has already confirmed a pledge for that practice: a second
     * pledge for the same practice never counts, and its link says so rather than that it cannot be used.
     *
     * @param practice the practice's name and code, as the pages name it
     * @param alreadyConfirmed the link has confirmed this pledge already: opened again, it says so
     * @param refusal why the pledge cannot be confirmed now that the directory has its practice closed or outside
     *     England, or null when it can
     */
    record Opened(
            PledgeDetails details, boolean alreadyPledged, String practice, boolean alreadyConfirmed, String refusal) {

        Opened(PledgeDetails details, boolean alreadyPledged, String practice, boolean alreadyConfirmed) {
            this(details, alreadyPledged, practice, alreadyConfirmed, null);
        }

        boolean refused() {
            return refusal != null;
        }
    }

    private final JdbcClient jdbc;
    private final Practices practices;
    private final LinkTries tries;
    private final GpActionProperties app;
    private final PledgeProperties properties;
    private final Clock clock;

    PledgeConfirmations(
            JdbcClient jdbc,
            Practices practices,
            LinkTries tries,
            GpActionProperties app,
            PledgeProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.practices = practices;
        this.tries = tries;
        this.app = app;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The link confirming a pledge, made as its email is sent: only its hash is kept, never the link. It works for its
     * whole life from now, as the email says, however long the email waited. Empty once the pledge is confirmed or
     * gone, or when its email could not go within one link's life of the pledge: it is then withdrawn unsent, and the
     * details given are deleted as an unconfirmed pledge's are. The email sent again (its first attempt's answer lost,
     * though it may have arrived) replaces the link before it, which is remembered as replaced, as the events module
     * does with its confirmation links: opened, it is no guess, and its page says a later email replaced it.
     */
    Optional<String> mintConfirmationLink(long id) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        List<Optional<byte[]>> replaced = jdbc.sql("""
                        update actions.pledge p set token_hash = :hash, expires_at = :expires
                        from (select id, token_hash from actions.pledge where id = :id for update) before
                        where p.id = before.id and p.confirmed_at is null and p.created_at > :staleBefore
                        returning before.token_hash
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("expires", Timestamp.from(now.plus(properties.linkLifetime())))
                .param("id", id)
                .param("staleBefore", Timestamp.from(now.minus(properties.linkLifetime())))
                .query((rs, row) -> Optional.ofNullable(rs.getBytes("token_hash")))
                .list();
        if (replaced.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> hashes = replaced.stream().flatMap(Optional::stream).toList();
        tries.replaced(hashes);
        for (byte[] hash : hashes) {
            jdbc.sql("""
                            insert into actions.pledge_replaced_link (token_hash, pledge_id, replaced_at)
                            values (:hash, :id, :now) on conflict (token_hash) do nothing
                            """)
                    .param("hash", hash)
                    .param("id", id)
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return Optional.of(app.link("/support/confirm/" + token));
    }

    /** What is true now of the pledge whose confirmation link its email, sent again, replaced. */
    enum Replaced {
        /** Still to be confirmed: the later email's link is the one to use. */
        WAITING,
        /** Confirmed already, through the later link. */
        CONFIRMED,
        /** Withdrawn or deleted since. */
        GONE
    }

    /**
     * For a link its pledge's email, sent again, replaced less than {@link SpentLinkHashes#KEPT} ago, what is true of
     * the pledge now; else empty. Told from the replaced link's own row alone, which outlives its pledge (naming none)
     * and is read only for that while: never from whether the link's hash is still remembered, which another job
     * forgets at its own time, so that a confirmed pledge's old link is never said to be for one that is gone.
     */
    Optional<Replaced> replaced(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select r.pledge_id is null as gone, p.confirmed_at is not null as confirmed
                        from actions.pledge_replaced_link r
                        left join actions.pledge p on p.id = r.pledge_id
                        where r.token_hash = :hash and r.replaced_at >= :since
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("since", Timestamp.from(clock.instant().minus(SpentLinkHashes.KEPT)))
                .query((rs, row) -> rs.getBoolean("gone")
                        ? Replaced.GONE
                        : rs.getBoolean("confirmed") ? Replaced.CONFIRMED : Replaced.WAITING)
                .optional();
    }

    /**
     * Whether the link can still be used, or has confirmed its pledge already; an unknown link counts against the
     * address. Never uses the link up.
     */
    Optional<Opened> pending(String token, String address) {
        return find(token, address, false);
    }

    /**
     * Confirms the link's pledge, or, when its address has already confirmed one for the practice, uses the link up
     * and deletes the second pledge's details, answering that it was already pledged: a real link is no miss. A pledge
     * whose practice the directory has since closed or placed outside England is refused as the form would refuse it
     * now, and likewise deleted with its link used up. A link whose pledge it has confirmed already answers so again.
     * The confirmed pledge keeps its link's hash, so that reopening the link is known for no guess.
     */
    @Transactional
    Optional<Opened> confirm(String token, String address) {
        return find(token, address, true);
    }

    private static final String ALREADY_PLEDGED = """
            exists (select 1 from actions.pledge other where other.confirmed_at is not null
                    and lower(other.email) = lower(pledge.email) and other.ods_code = pledge.ods_code)
            """;

    private Optional<Opened> find(String token, String address, boolean use) {
        return tries.find(token, address, valid -> {
            Optional<Opened> refused = refused(valid, use);
            if (refused.isPresent()) {
                return refused;
            }
            if (!use) {
                return opened(valid, """
                                select name, role, ods_code, email, consent_to_contact, %s as already from actions.pledge
                                where token_hash = :hash and confirmed_at is null and expires_at > :now
                                """.formatted(ALREADY_PLEDGED)).or(() -> confirmedBefore(valid));
            }
            lockPledgesLike(valid);
            Optional<Opened> confirmed = opened(valid, """
                    update actions.pledge set confirmed_at = :now
                    where token_hash = :hash and confirmed_at is null and expires_at > :now and not %s
                    returning name, role, ods_code, email, consent_to_contact, false as already
                    """.formatted(ALREADY_PLEDGED));
            if (confirmed.isPresent()) {
                return confirmed;
            }
            Optional<Opened> second = opened(valid, """
                    delete from actions.pledge
                    where token_hash = :hash and confirmed_at is null and expires_at > :now and %s
                    returning name, role, ods_code, email, consent_to_contact, true as already
                    """.formatted(ALREADY_PLEDGED));
            if (second.isPresent()) {
                tries.spent(SecretTokens.hash(valid));
                return second;
            }
            return confirmedBefore(valid);
        });
    }

    /**
     * The link's pledge, still to be confirmed, when the directory no longer has its practice open in England, with
     * why; used, the link is used up and the pledge deleted. Opening the link only says so.
     */
    private Optional<Opened> refused(String token, boolean use) {
        Optional<Opened> pending = opened(token, """
                select name, role, ods_code, email, consent_to_contact, false as already from actions.pledge
                where token_hash = :hash and confirmed_at is null and expires_at > :now
                """);
        Optional<String> refusal = pending.flatMap(found -> practices
                .find(found.details().odsCode())
                .flatMap(practice ->
                        Pledges.notSupportable(practice, LocalDate.ofInstant(clock.instant(), UkTime.ZONE))));
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        if (use) {
            int deleted = jdbc.sql("""
                            delete from actions.pledge
                            where token_hash = :hash and confirmed_at is null and expires_at > :now
                            """)
                    .param("hash", SecretTokens.hash(token))
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            if (deleted == 0) {
                return Optional.empty();
            }
            tries.spent(SecretTokens.hash(token));
        }
        Opened found = pending.get();
        return Optional.of(new Opened(found.details(), false, found.practice(), false, refusal.get()));
    }

    /** The pledge the link has confirmed already, to say so. */
    private Optional<Opened> confirmedBefore(String token) {
        return opened(token, """
                        select name, role, ods_code, email, consent_to_contact, false as already from actions.pledge
                        where token_hash = :hash and confirmed_at is not null
                        """).map(found -> new Opened(found.details(), false, found.practice(), true));
    }

    private Optional<Opened> opened(String token, String sql) {
        return jdbc.sql(sql)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Opened(
                        new PledgeDetails(
                                rs.getString("name"),
                                PartnerRole.valueOf(rs.getString("role")),
                                rs.getString("ods_code"),
                                rs.getString("email"),
                                rs.getBoolean("consent_to_contact")),
                        rs.getBoolean("already"),
                        rs.getString("ods_code"),
                        false))
                .optional()
                .map(found -> new Opened(
                        found.details(), found.alreadyPledged(), Pledges.named(practices, found.practice()), false));
    }

    /**
     * Confirmations of pledges from one email address at one practice take turns, so that the second of two links
     * confirmed together sees the first's pledge and is refused, rather than failing on the unique index.
     */
    private void lockPledgesLike(String token) {
        jdbc.sql("""
                        select pg_advisory_xact_lock(
                            hashtext('actions.pledge'), hashtext(lower(email) || ' ' || ods_code))
                        from actions.pledge where token_hash = :hash
                        """)
                .param("hash", SecretTokens.hash(token))
                .query((rs, row) -> row)
                .list();
    }
}
