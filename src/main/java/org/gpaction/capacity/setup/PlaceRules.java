package org.gpaction.capacity.setup;

import static org.gpaction.capacity.setup.SetupMistakes.text;
import static org.gpaction.capacity.setup.SetupRules.MOST_SIGNPOSTS;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.capacity.setup.SetupRules.Numbering;
import org.gpaction.common.TypedText;

/**
 * The rules of the places a set-up sends patients to when full: names, kinds, addresses, phones and hours. Each place
 * has its own name, compared as clinicians' labels are (ignoring case and the spaces around it): the log of a save's
 * changes and the evidence of where patients were sent know a place only by its name.
 */
final class PlaceRules {

    private static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");

    private final SetupMistakes mistakes;
    private final Numbering numbering;
    private final HoursRules openingHours;

    PlaceRules(SetupMistakes mistakes, Numbering numbering, HoursRules hours) {
        this.mistakes = mistakes;
        this.numbering = numbering;
        this.openingHours = hours;
    }

    List<Signpost> checked(List<SetupRequest.SignpostRequest> given) {
        List<Signpost> signposts = new ArrayList<>();
        if (given == null) {
            return signposts;
        }
        if (given.size() > MOST_SIGNPOSTS) {
            mistakes.add("signposts", "List at most " + MOST_SIGNPOSTS + " places to send patients");
            return signposts;
        }
        Map<String, Integer> named = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            SetupRequest.SignpostRequest signpost = given.get(i);
            String field = "signposts[" + i + "]";
            int number = numbering.place(i);
            if (signpost == null) {
                mistakes.add(field, "Place " + number + " is empty");
                continue;
            }
            String name = text(signpost.name());
            if (name.isEmpty() || name.length() > 100) {
                mistakes.add(field + ".name", "Give place " + number + " a name of 100 characters or fewer");
            } else if (TypedText.hasControlCharacters(name)) {
                mistakes.add(
                        field + ".name",
                        "The name of place " + number + " must be text on one line, without tabs or control"
                                + " characters");
            } else {
                Integer first = named.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (first != null) {
                    mistakes.add(
                            field + ".name",
                            "Places " + numbering.place(first) + " and " + number + " are both named "
                                    + text(given.get(first).name()) + ": give each place its own name");
                }
            }
            SignpostKind kind = null;
            try {
                kind = SignpostKind.valueOf(text(signpost.kind()));
            } catch (IllegalArgumentException e) {
                mistakes.add(
                        field + ".kind",
                        "The kind of place " + number + " must be one of " + List.of(SignpostKind.values()));
            }
            String address = text(signpost.address());
            if (address.length() > 200) {
                mistakes.add(field + ".address", "The address of place " + number + " must be 200 characters or fewer");
            } else if (TypedText.hasControlCharacters(address)) {
                mistakes.add(
                        field + ".address",
                        "The address of place " + number + " must be text on one line, without tabs or control"
                                + " characters");
            }
            String phone = text(signpost.phone());
            if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
                mistakes.add(
                        field + ".phone",
                        "The phone number of place " + number + " must be 3 to 30 digits, spaces, + or brackets");
            }
            Map<DayOfWeek, Hours> hours =
                    openingHours.byDay(field + ".hours", signpost.hours(), name.isEmpty() ? "place " + number : name);
            if (name.length() <= 100 && kind != null) {
                signposts.add(new Signpost(name, kind, address, phone, hours));
            }
        }
        return signposts;
    }
}
