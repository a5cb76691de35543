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
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners who are not GPs pledge support through a public form: a pledge whose details pass is kept and emailed a
 * single-use link, and counts once its email address is confirmed through it ({@link PledgeConfirmations}).
 */
@Service
class Pledges {

    static final Pattern ODS_CODE = Pattern.compile("[A-Z][A-Z0-9]{5}");
    static final int LINK_TRIES_PER_ADDRESS = 20;
    /** The window of every limit here: pledges and withdrawal requests per network address, and emails per recipient. */
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

    /** Too many of something from one network address, refused saying how long until the address may try again. */
    abstract static class Paused extends RuntimeException {
        private final RetryAfter retryAfter;

        Paused(RetryAfter retryAfter) {
            super("Too many requests from this address");
            this.retryAfter = retryAfter;
        }

        RetryAfter retryAfter() {
            return retryAfter;
        }
    }

    /** Too many unknown pledge or withdrawal links from one network address: answered with the too-many page. */
    static class TooManyRequests extends Paused {
        TooManyRequests(RetryAfter retryAfter) {
            super(retryAfter);
        }
    }

    /**
     * Too many pledges, or requests for a withdrawal link, from one network address: the form is answered 429 as typed,
     * saying how long to wait, as colleagues behind one shared address may meet the limit.
     */
    static class RequestsPaused extends Paused {
        RequestsPaused(RetryAfter retryAfter) {
            super(retryAfter);
        }
    }

    private final JdbcClient jdbc;
    private final Practices practices;
    private final Outbox outbox;
    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final GpActionProperties app;
    private final PledgeProperties properties;
    private final Clock clock;

    Pledges(
            JdbcClient jdbc,
            Practices practices,
            Outbox outbox,
            FailedAttempts attempts,
            Recipients recipients,
            GpActionProperties app,
            PledgeProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.practices = practices;
        this.outbox = outbox;
        this.attempts = attempts;
        this.recipients = recipients;
        this.app = app;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    void request(String name, String role, String odsCode, String email, boolean consent, String address) {
        PledgeDetails details = validate(name, role, odsCode, email, consent);
        admitFrom(attempts, PledgeKind.PLEDGE_REQUEST, address, properties.requestsPerAddress());
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
                                + named(practices, details.odsCode())
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
     * Counts one more request of this kind from the network address if it may send one, or refuses it with
     * {@link RequestsPaused} saying how long until it may.
     */
    static void admitFrom(FailedAttempts attempts, PledgeKind kind, String address, int limit) {
        if (!attempts.admit(kind, address, limit, WINDOW)) {
            throw new RequestsPaused(RetryAfter.ofRefused(attempts, kind, address, limit, WINDOW));
        }
    }

    /** A practice as the pages name it: its name and code, or its code alone if the directory no longer has it. */
    static String named(Practices practices, String odsCode) {
        return practices.find(odsCode).map(p -> p.name() + " (" + odsCode + ")").orElse(odsCode);
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
    static Optional<String> notSupportable(Practice practice, LocalDate today) {
        String named = practice.named();
        String elsewhere = switch (practice.nation()) {
            case ENGLAND -> null;
            case WALES, SCOTLAND, NORTHERN_IRELAND ->
                named + " is in " + practice.nation().inSentence();
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
