package org.gpaction.membership.selfservice;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.members.MemberImport;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/**
 * The joining form's fields as typed, checked and made plain, or every problem with them named by field; and when a
 * practice has closed, which the members' own changes check too.
 */
@Component
class JoinDetailsCheck {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final Practices practices;
    private final Clock clock;

    JoinDetailsCheck(Practices practices, Clock clock) {
        this.practices = practices;
        this.clock = clock;
    }

    JoinDetails validate(JoinDetails entered) {
        Map<String, String> problems = new LinkedHashMap<>();
        String given = clean(entered.givenName());
        String family = clean(entered.familyName());
        if (TypedText.hasControlCharacters(entered.givenName())) {
            problems.put("givenName", "First name must not contain control characters");
        } else if (given.isEmpty()) {
            problems.put("givenName", "Enter your first name");
        } else if (given.length() > MemberImport.MAX_NAME) {
            problems.put("givenName", "First name must be " + MemberImport.MAX_NAME + " characters or fewer");
        }
        if (TypedText.hasControlCharacters(entered.familyName())) {
            problems.put("familyName", "Last name must not contain control characters");
        } else if (family.isEmpty()) {
            problems.put("familyName", "Enter your last name");
        } else if (family.length() > MemberImport.MAX_NAME) {
            problems.put("familyName", "Last name must be " + MemberImport.MAX_NAME + " characters or fewer");
        }
        String gmc = clean(entered.gmcNumber()).replace(" ", "");
        if (TypedText.hasControlCharacters(entered.gmcNumber())) {
            problems.put("gmcNumber", "GMC number must not contain control characters, such as tabs or line breaks");
        } else if (!MemberImport.GMC_NUMBER.matcher(gmc).matches()) {
            problems.put("gmcNumber", "Enter your GMC number: 7 digits, like 1234567");
        }
        String email = clean(entered.email()).toLowerCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.email())) {
            problems.put("email", "Email address must not contain control characters, such as tabs or line breaks");
        } else if (email.isEmpty()) {
            problems.put("email", "Enter your email address");
        } else if (!EmailAddresses.isSendable(email)) {
            problems.put("email", "Enter an email address in the correct format, like name@example.com");
        }
        PracticeRole role = entered.role();
        if (role == null) {
            problems.put("role", "Choose your role");
        }
        String practice = clean(entered.practiceOds()).toUpperCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.practiceOds())) {
            problems.put("practiceOds", "ODS code must not contain control characters, such as tabs or line breaks");
        } else if (practice.isEmpty()) {
            if (role != null && role.needsPractice()) {
                problems.put(
                        "practiceOds", "Enter your practice's ODS code, like A81001 (only locums may leave it empty)");
            }
        } else if (!MemberImport.ODS_CODE.matcher(practice).matches()) {
            problems.put("practiceOds", "A practice ODS code is a letter and 5 letters or digits, like A81001");
        } else {
            Optional<Practice> found = practices.find(practice);
            if (found.isEmpty()) {
                problems.put("practiceOds", "There is no practice " + practice + ": check the ODS code");
            } else {
                // The role begins the day the address is confirmed; today is the first day it could.
                closedBy(found.get(), LocalDate.ofInstant(clock.instant(), UkTime.ZONE))
                        .ifPresent(closed -> problems.put("practiceOds", closed));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        return new JoinDetails(given, family, gmc, email, role, practice.isEmpty() ? null : practice);
    }

    /**
     * Why a role beginning on the day cannot be at the practice: it had closed by then (its ODS close date, the last day
     * it was open, is before the day), as a practice that merged into another did under its old code. Such a role
     * would count on no ballot's roll, and the GP would not know why. A practice only proposed or dormant is taken:
     * the directory may not yet show that it has opened or woken.
     */
    static Optional<String> closedBy(Practice practice, LocalDate firstDay) {
        return closure(practice, firstDay)
                .map(closure -> closure
                        + ": enter the ODS code of the practice the role is at; a practice that merged into another is"
                        + " under the code of the one it joined");
    }

    static Optional<String> closure(Practice practice, LocalDate firstDay) {
        if (practice.closedOn() != null && practice.closedOn().isBefore(firstDay)) {
            return Optional.of(
                    "Practice " + practice.odsCode() + " was last open on " + DAY.format(practice.closedOn()));
        }
        if (practice.closedOn() == null && practice.status() == PracticeStatus.CLOSED) {
            return Optional.of("Practice " + practice.odsCode() + " has closed");
        }
        return Optional.empty();
    }

    static String clean(String value) {
        return value == null ? "" : value.strip().replaceAll("\\p{Cntrl}", "");
    }
}
