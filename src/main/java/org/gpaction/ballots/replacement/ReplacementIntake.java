package org.gpaction.ballots.replacement;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.MembershipNumbers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes "Missing your ballot?" requests in: a member gives their membership number, GMC number and email address, and
 * the request is checked, counted against its network address and for the repeat check, and put in the inbox for
 * {@link ReplacementLinks} to act on, off the request. The person asking is told the same whoever the details name.
 * Under the network address's limit every request is taken in after the same work. Past it every request's numbers are
 * looked up, and only a member's request to their registered address is put in the inbox, one write more than any
 * other: its time can then show that the details are a member's, as the README says.
 */
@Service
class ReplacementIntake {

    /** What a person asking for a replacement gives; never logged. */
    record ReplacementRequestCommand(String membershipNumber, String gmcNumber, String email) {
        @Override
        public String toString() {
            return "ReplacementRequestCommand[details hidden]";
        }
    }

    enum Kind implements FailedAttempts.Kind {
        REPLACEMENT_REQUEST,
        REPLACEMENT_ASKED_JUST_NOW {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        };
    }

    /** How a request was taken; neither says anything about whether its details match a member. */
    enum Taken {
        /**
         * Answered as taken: put in the inbox, to be acted on; or, past the network address's limit, dropped unless its
         * numbers match a member and it asks for their registered address.
         */
        TAKEN,
        /**
         * The same details were asked with moments ago: acting on them again would send a second link, ending the one
         * just sent, which the member may then use and find dead. So nothing more is done.
         */
        ASKED_JUST_NOW
    }

    private static final Pattern GMC = Pattern.compile("^\\d{7}$");

    private final MemberIdentities identities;
    private final FailedAttempts attempts;
    private final ReplacementProperties properties;
    private final ReplacementInbox inbox;
    private final AskedDetails askedDetails;
    private final Clock clock;

    ReplacementIntake(
            MemberIdentities identities,
            FailedAttempts attempts,
            ReplacementProperties properties,
            ReplacementInbox inbox,
            AskedDetails askedDetails,
            Clock clock) {
        this.identities = identities;
        this.attempts = attempts;
        this.properties = properties;
        this.inbox = inbox;
        this.askedDetails = askedDetails;
        this.clock = clock;
    }

    /**
     * Takes a request in. What it returns depends only on what was asked and how many asked from the network address,
     * never on who is a member: a request with a field missing or malformed is refused, and one giving the very details
     * given within the repeat window is {@link Taken#ASKED_JUST_NOW} and dropped, whoever they name. Otherwise, under
     * the address's limit, the request is put in the inbox, the same work whoever it names; past it the request is
     * answered the same, its numbers are looked up, and only a member's to their registered address is put in the
     * inbox. {@link ReplacementLinks#answer} acts on what is in the inbox later, off the request.
     */
    @Transactional
    Taken request(ReplacementRequestCommand command, String networkAddress) {
        String number = MembershipNumbers.normalise(Stripped.of(command.membershipNumber()));
        String gmc = Stripped.of(command.gmcNumber()).replace(" ", "");
        String email = Stripped.of(command.email()).toLowerCase(Locale.ROOT);
        Map<String, String> problems = new LinkedHashMap<>();
        if (!MembershipNumbers.FORM.matcher(number).matches()) {
            problems.put("membershipNumber", "Enter your membership number, like M9000123");
        }
        if (!GMC.matcher(gmc).matches()) {
            problems.put("gmcNumber", "Enter your GMC number: 7 digits, like 1234567");
        }
        if (!EmailAddresses.isSendable(email)) {
            problems.put("email", "Enter an email address in the correct format, like name@example.com");
        }
        if (!problems.isEmpty()) {
            throw new InvalidReplacement(problems);
        }
        ReplacementRequestCommand request = new ReplacementRequestCommand(number, gmc, email);
        // Every request counts against its network address, as for joining, whether or not its details match: that is
        // known only later, and an answer that changed with it would tell who is on the roll.
        boolean underLimit = attempts.admit(
                Kind.REPLACEMENT_REQUEST, networkAddress, properties.requestsPerAddress(), properties.addressWindow());
        if (askedJustNow(request)) {
            return Taken.ASKED_JUST_NOW;
        }
        // Past the limit the request is still answered as taken: refusing it would let anyone at a busy shared NHS
        // address keep its GPs from their links. Only a member's request to their registered address is queued (one
        // indexed look-up, match or not); the repeat check above runs for every request so the answer stays the same.
        if (underLimit
                || identities
                        .match(number, gmc)
                        .filter(m -> email.equalsIgnoreCase(m.email()))
                        .isPresent()) {
            inbox.add(request, clock.instant());
        }
        return Taken.TAKEN;
    }

    /**
     * Whether the very same details were taken within the repeat window, counting them if not. Counted under a keyed
     * hash of the details, so the count keeps no one's numbers or address, nor anything a reader of the database could
     * test guesses of them against.
     */
    private boolean askedJustNow(ReplacementRequestCommand request) {
        return !attempts.admit(
                Kind.REPLACEMENT_ASKED_JUST_NOW,
                askedDetails.of(request.membershipNumber(), request.gmcNumber(), request.email()),
                1,
                properties.repeatWindow());
    }
}
