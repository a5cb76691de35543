package org.gpaction.actions.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whoever holds an email address can withdraw the pledges of support made with it, through a single-use link sent to
 * that address. Asking for the link does the same work and gives the same answer whether or not the address has
 * pledged: the email itself says what there is to withdraw, so only the address's holder learns it. The link is made
 * as the email is sent, after the answer, and only its hash is kept.
 */
@Service
class PledgeWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(PledgeWithdrawals.class);

    /**
     * A pledge as its maker sees it before withdrawing it.
     *
     * @param confirmedOn the day it was confirmed, or null for one whose link has not been used: withdrawing deletes
     *     it too, so the page lists it, as not confirmed
     */
    record Withdrawable(String odsCode, String practiceName, PartnerRole role, LocalDate confirmedOn) {}

    private final JdbcClient jdbc;
    private final Practices practices;
    private final Outbox outbox;
    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final LinkTries tries;
    private final GpActionProperties app;
    private final PledgeProperties properties;
    private final Clock clock;

    PledgeWithdrawals(
            JdbcClient jdbc,
            Practices practices,
            Outbox outbox,
            FailedAttempts attempts,
            Recipients recipients,
            LinkTries tries,
            GpActionProperties app,
            PledgeProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.practices = practices;
        this.outbox = outbox;
        this.attempts = attempts;
        this.recipients = recipients;
        this.tries = tries;
        this.app = app;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sends a link to withdraw the pledges made with this email address. Refused with {@link Pledges.Invalid} for an
     * address not of an address's shape, and with {@link Pledges.RequestsPaused} when the network address has asked
     * too often; beyond a few emails to one address in the window, none is sent and the answer is the same.
     */
    @Transactional
    void request(String email, String address) {
        String given = PledgeEmailAddress.cleaned(email);
        Optional<String> problem = PledgeEmailAddress.problem(given, "Enter the email address you pledged with");
        if (problem.isPresent()) {
            throw new Pledges.Invalid(Map.of("email", problem.get()));
        }
        Pledges.admitFrom(
                attempts, PledgeKind.PLEDGE_WITHDRAWAL_REQUEST, address, properties.withdrawalRequestsPerAddress());
        if (!attempts.admit(
                PledgeKind.PLEDGE_EMAILS_TO_ADDRESS,
                recipients.fingerprint(given),
                Pledges.EMAILS_PER_RECIPIENT,
                Pledges.WINDOW)) {
            return;
        }
        outbox.sendWithSecretLinkAfterAnswering(
                new Email(
                        given,
                        "Withdraw your pledge of support",
                        "Someone, we hope you, asked to withdraw the pledges of support for GPs' collective action"
                                + " made with this email address. To see them and withdraw them, open this link:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.linkLifetime())
                                + ". The page it opens says whether there is any pledge from this address;"
                                + " nothing is withdrawn until you confirm there.\n\n"
                                + "If you did not ask, you can ignore this email: nothing changes.",
                        WithdrawalLinks.CATEGORY),
                given);
    }

    /** A link to withdraw the pledges made with this address, made as its email is sent: only its hash is kept. */
    String mintLink(String email) {
        String token = SecretTokens.generate();
        jdbc.sql(
                        "insert into actions.pledge_withdrawal (token_hash, email, expires_at) values (:hash, :email, :expires)")
                .param("hash", SecretTokens.hash(token))
                .param("email", email)
                .param("expires", Timestamp.from(clock.instant().plus(properties.linkLifetime())))
                .update();
        return app.link("/support/withdraw/" + token);
    }

    /**
     * The pledges the link would withdraw, confirmed or not (none if the address made none), or empty if the link cannot
     * be used; counts a failed try against the network address. Never uses the link up.
     */
    Optional<List<Withdrawable>> pending(String token, String address) {
        return emailOf(token, address, false).map(this::pledgesOf);
    }

    /**
     * Withdraws every pledge made with the link's email address, confirmed or not, as its page lists them, and uses the
     * link up; empty if the link cannot be used. One still waiting for its confirmation goes too: someone withdrawing
     * their support does not mean a pledge of it to count if its link is used later.
     */
    @Transactional
    Optional<List<Withdrawable>> withdraw(String token, String address) {
        return emailOf(token, address, true).map(email -> {
            List<byte[]> links = new ArrayList<>();
            List<PledgeRow> deleted = jdbc.sql("""
                            delete from actions.pledge where lower(email) = :email
                            returning id, ods_code, role, confirmed_at, token_hash
                            """)
                    .param("email", email)
                    .query((rs, row) -> {
                        links.add(rs.getBytes("token_hash"));
                        return pledgeRow(rs);
                    })
                    .list();
            // The links of the pledges withdrawn are remembered, so reopening one is known for no guess.
            tries.spent(links);
            log.info("Withdrew {} pledges of support at their maker's request", deleted.size());
            return named(deleted.stream().sorted(LISTED).toList());
        });
    }

    private Optional<String> emailOf(String token, String address, boolean use) {
        return tries.find(token, address, valid -> {
            String sql = use
                    ? "delete from actions.pledge_withdrawal where token_hash = :hash and expires_at > :now returning email"
                    : "select email from actions.pledge_withdrawal where token_hash = :hash and expires_at > :now";
            Instant now = clock.instant();
            Optional<String> email = jdbc.sql(sql)
                    .param("hash", SecretTokens.hash(valid))
                    .param("now", Timestamp.from(now))
                    .query(String.class)
                    .optional();
            if (use && email.isPresent()) {
                tries.spent(SecretTokens.hash(valid));
            }
            return email;
        });
    }

    private record PledgeRow(long id, String odsCode, PartnerRole role, Instant confirmedAt) {}

    /** Confirmed pledges first, in the order they were confirmed, then those not confirmed, in the order made. */
    private static final Comparator<PledgeRow> LISTED = Comparator.comparing(
                    PledgeRow::confirmedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PledgeRow::id);

    private static PledgeRow pledgeRow(ResultSet rs) throws SQLException {
        Timestamp confirmed = rs.getTimestamp("confirmed_at");
        return new PledgeRow(
                rs.getLong("id"),
                rs.getString("ods_code"),
                PartnerRole.valueOf(rs.getString("role")),
                confirmed == null ? null : confirmed.toInstant());
    }

    private List<Withdrawable> pledgesOf(String email) {
        return named(jdbc.sql("""
                        select id, ods_code, role, confirmed_at from actions.pledge
                        where lower(email) = :email
                        """).param("email", email).query((rs, row) -> pledgeRow(rs)).list().stream()
                .sorted(LISTED)
                .toList());
    }

    /** The pledges with their practices' names (the code alone for a practice no longer in the directory). */
    private List<Withdrawable> named(List<PledgeRow> rows) {
        Map<String, Practice> practicesByCode =
                practices.findAll(rows.stream().map(PledgeRow::odsCode).toList());
        return rows.stream()
                .map(row -> new Withdrawable(
                        row.odsCode(),
                        practicesByCode.containsKey(row.odsCode())
                                ? practicesByCode.get(row.odsCode()).name()
                                : row.odsCode(),
                        row.role(),
                        row.confirmedAt() == null
                                ? null
                                : row.confirmedAt().atZone(UkTime.ZONE).toLocalDate()))
                .toList();
    }
}
