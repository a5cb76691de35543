package org.gpaction.events.registration;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/** What a registration needs: a name, an address to confirm, a role, and a real practice if one is given. */
@Component
class RegistrationRules {

    static final int MAX_NAME = 100;
    private static final Pattern ODS_CODE = Pattern.compile("[A-Z][A-Z0-9]{5}");

    private final Practices practices;

    RegistrationRules(Practices practices) {
        this.practices = practices;
    }

    RegistrationDetails check(RegistrationDetails entered) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = clean(entered.name());
        if (TypedText.hasControlCharacters(entered.name())) {
            problems.put("name", controlCharacters("Your name"));
        } else if (name.isEmpty()) {
            problems.put("name", "Enter your name");
        } else if (name.length() > MAX_NAME) {
            problems.put("name", "Your name must be " + MAX_NAME + " characters or fewer");
        }
        String email = clean(entered.email()).toLowerCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.email())) {
            problems.put("email", controlCharacters("Your email address"));
        } else if (email.isEmpty()) {
            problems.put("email", "Enter your email address");
        } else if (!EmailAddresses.isSendable(email)) {
            problems.put("email", "Enter an email address in the correct format, like name@example.com");
        }
        if (entered.role() == null) {
            problems.put("role", "Choose your role in the practice team");
        }
        String practice = clean(entered.practice()).toUpperCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.practice())) {
            problems.put("practice", controlCharacters("Your practice's ODS code"));
        } else if (!practice.isEmpty()) {
            if (!ODS_CODE.matcher(practice).matches()) {
                problems.put("practice", "A practice ODS code is a letter and 5 letters or digits, like A81001");
            } else if (practices.find(practice).isEmpty()) {
                problems.put("practice", "There is no practice " + practice + ": check the ODS code");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistration(problems);
        }
        return new RegistrationDetails(name, email, entered.role(), practice.isEmpty() ? null : practice);
    }

    /**
     * A role's name in any case, spaces or hyphens for its underscores, as the listing takes a region or a kind:
     * "practice manager" is PRACTICE_MANAGER. A tab or a line break inside is no role, not a space.
     */
    static TeamRole role(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.strip().replaceAll("[ -]+", "_").toUpperCase(Locale.ROOT);
        return Arrays.stream(TeamRole.values())
                .filter(role -> role.name().equals(wanted))
                .findFirst()
                .orElse(null);
    }

    /** Spaces around trimmed; a tab or a line break, even around the value, is refused, not dropped, before this. */
    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    private static String controlCharacters(String field) {
        return field + " must not contain control characters, such as tabs or line breaks";
    }
}
