package org.gpaction.actions.support;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners who are not GPs pledge support through a public form. A pledge counts once its email address is
 * confirmed through a single-use link, made as its email is sent; only the link's hash is stored.
 */
@Service
class Pledges {

    static final Pattern ODS_CODE = Pattern.compile("[A-Z][A-Z0-9]{5}");
    static final int REQUESTS_PER_ADDRESS = 10;
    static final int LINK_TRIES_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /**
     * Pledge confirmations to one email address in {@link #WINDOW}, and withdrawal links apart, however many network
     * addresses ask: nobody can fill someone's mailbox with ours.
     */
    static final int EMAILS_PER_RECIPIENT = 3;

    public record PledgeDetails(
            String name, PartnerRole role, String odsCode, String email, boolean consentToContact) {}

    public record Pledge(
            long id,
            String name,
            PartnerRole role,
            String odsCode,
            String email,
            boolean consentToContact,
            Instant createdAt,
            Instant confirmedAt) {}

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

    static class Invalid extends RuntimeException {
        private final Map<String, String> problems;

        Invalid(Map<String, String> problems) {
            super("Some fields need fixing");
            this.problems = problems;
        }

        Map<String, String> problems() {
            return problems;
        }
    }

    static class TooManyRequests extends RuntimeException {
        TooManyRequests() {
            super("Too many requests from this address");
        }
    }

    private final JdbcClient jdbc;
    private final Practices practices;
    private final Outbox outbox;
    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final LinkTries tries;
    private final GpActionProperties app;
    private final PledgeProperties properties;
    private final Clock clock;

    Pledges(
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

    @Transactional
    void request(String name, String role, String odsCode, String email, boolean consent, String address) {
        PledgeDetails details = validate(name, role, odsCode, email, consent);
        if (!attempts.admit(PledgeKind.PLEDGE_REQUEST, address, REQUESTS_PER_ADDRESS, WINDOW)) {
            throw new TooManyRequests();
        }
        if (!attempts.admit(
                PledgeKind.PLEDGE_CONFIRMATIONS_TO_ADDRESS,
                recipients.fingerprint(details.email()),
                EMAILS_PER_RECIPIENT,
                WINDOW)) {
            return;
        }
        Instant now = clock.instant();
        // Until its email goes, expires_at is when it stops being worth sending; the link's expiry is set as it is
        // made.
        long id = jdbc.sql("""
                        insert into actions.pledge (name, role, ods_code, email, consent_to_contact, created_at,
                            expires_at)
                        values (:name, :role, :ods, :email, :consent, :now, :expires)
                        returning id
                        """)
                .param("name", details.name())
                .param("role", details.role().name())
                .param("ods", details.odsCode())
                .param("email", details.email())
                .param("consent", details.consentToContact())
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.linkLifetime())))
                .query(Long.class)
                .single();
        outbox.sendWithSecretLink(
                new Email(
                        details.email(),
                        "Confirm your pledge of support",
                        "Dear " + details.name() + ",\n\n"
                                + "Thank you for pledging your support to the GPs of "
                                + practice(details.odsCode())
                                + " in their collective action. If it is not the practice you are a partner in, do not"
                                + " confirm: pledge again with its ODS code.\n\n"
                                + "If it is, confirm your email address by opening this link:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.linkLifetime())
                                + ".\n\n"
                                + "If you did not pledge support, you can ignore this email: no pledge is recorded, and"
                                + " the details given are deleted once the link expires.\n\n"
                                + "You can withdraw your pledge at any time at " + app.link("/support/withdraw")
                                + ".",
                        ConfirmationLinks.CATEGORY),
                Long.toString(id));
    }

    /**
     * The link confirming a pledge, made as its email is sent: only its hash is kept, never the link. It works for its
     * whole life from now, as the email says, however long the email waited. Empty once the pledge is confirmed or
     * gone, or when its email could not go within one link's life of the pledge: it is then withdrawn unsent, and the
     * details given are deleted as an unconfirmed pledge's are.
     */
    Optional<String> mintConfirmationLink(long id) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        int set = jdbc.sql("""
                        update actions.pledge set token_hash = :hash, expires_at = :expires
                        where id = :id and confirmed_at is null and created_at > :staleBefore
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("expires", Timestamp.from(now.plus(properties.linkLifetime())))
                .param("id", id)
                .param("staleBefore", Timestamp.from(now.minus(properties.linkLifetime())))
                .update();
        return set == 1 ? Optional.of(app.link("/support/confirm/" + token)) : Optional.empty();
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
                .flatMap(practice -> notSupportable(practice, LocalDate.ofInstant(clock.instant(), UkTime.ZONE))));
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
                .map(found -> new Opened(found.details(), found.alreadyPledged(), practice(found.practice()), false));
    }

    /** A practice as the pages name it: its name and code, or its code alone if the directory no longer has it. */
    private String practice(String odsCode) {
        return practices.find(odsCode).map(p -> p.name() + " (" + odsCode + ")").orElse(odsCode);
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

    PledgeDetails validate(String name, String role, String odsCode, String email, boolean consent) {
        Map<String, String> problems = new LinkedHashMap<>();
        String cleanName = clean(name);
        if (TypedText.hasControlCharacters(cleanName)) {
            problems.put("name", "Your name must not contain control characters");
        } else if (cleanName.isEmpty()) {
            problems.put("name", "Enter your name");
        } else if (cleanName.length() > 100) {
            problems.put("name", "Your name must be 100 characters or fewer");
        }
        PartnerRole partnerRole = null;
        if (TypedText.hasControlCharacters(clean(role))) {
            problems.put("role", "Your role must not contain control characters: choose one of the roles listed");
        } else {
            try {
                partnerRole = PartnerRole.valueOf(clean(role));
            } catch (IllegalArgumentException e) {
                problems.put("role", "Choose your role");
            }
        }
        String ods = clean(odsCode).toUpperCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(ods)) {
            problems.put("odsCode", "Your practice's ODS code must not contain control characters");
        } else if (ods.isEmpty()) {
            problems.put("odsCode", "Enter your practice's ODS code, like A81001");
        } else if (!ODS_CODE.matcher(ods).matches()) {
            problems.put("odsCode", "A practice ODS code is a letter and 5 letters or digits, like A81001");
        } else {
            Optional<Practice> practice = practices.find(ods);
            if (practice.isEmpty()) {
                problems.put("odsCode", "There is no practice " + ods + ": check the ODS code");
            } else {
                notSupportable(practice.get(), LocalDate.ofInstant(clock.instant(), UkTime.ZONE))
                        .ifPresent(problem -> problems.put("odsCode", problem + ": check the ODS code"));
            }
        }
        String address = PledgeEmailAddress.cleaned(email);
        PledgeEmailAddress.problem(address, "Enter your email address")
                .ifPresent(problem -> problems.put("email", problem));
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new PledgeDetails(cleanName, partnerRole, ods, address, consent);
    }

    /**
     * Why a pledge cannot support the practice's GPs, or empty when it can: the action is taken by open practices in
     * England, as the directory places and dates them, so one closed, not yet open or elsewhere would count for nobody.
     * The form asks to check the code typed; a link confirming a pledge made before the directory changed says why
     * alone.
     */
    private static Optional<String> notSupportable(Practice practice, LocalDate today) {
        String named = practice.name() + " (" + practice.odsCode() + ")";
        String elsewhere = switch (practice.nation()) {
            case ENGLAND -> null;
            case WALES -> named + " is in Wales";
            case SCOTLAND -> named + " is in Scotland";
            case NORTHERN_IRELAND -> named + " is in Northern Ireland";
            case UNKNOWN -> "The practices directory does not say which nation " + named + " is in";
        };
        if (elsewhere != null) {
            return Optional.of(elsewhere + ", and the action is taken by practices in England");
        }
        return practice.notOpenOn(today)
                .map(why -> named + " " + why + ", and a pledge supports the GPs of a practice open now");
    }

    /**
     * Spaces around trimmed; a control character is kept, even before or after the rest (a tab, a line break), to be
     * refused naming its field rather than dropped unseen.
     */
    static String clean(String value) {
        if (value == null) {
            return "";
        }
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) && !Character.isISOControl(c);
    }
}
