package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a save changed in a practice's set-up, in words for its log: "cap of GP 1 25→15; core hours Monday 08:00–18:30
 * → 08:00–13:00; online consultation address changed". The front door's choice has a line of its own.
 */
final class SetupChanges {

    private SetupChanges() {}

    static String between(PracticeSetup before, PracticeSetup after) {
        List<String> changes = new ArrayList<>();
        clinicians(before.clinicians(), after.clinicians(), changes);
        for (DayOfWeek day : DayOfWeek.values()) {
            Hours was = before.coreHours().get(day);
            Hours is = after.coreHours().get(day);
            if (!Objects.equals(was, is)) {
                changes.add("core hours " + SetupRules.name(day) + " " + hours(was) + " → " + hours(is));
            }
        }
        if (before.countAdmin() != after.countAdmin()) {
            changes.add("admin requests " + (after.countAdmin() ? "now counted" : "no longer counted"));
        }
        if (before.urgentReserve() != after.urgentReserve()) {
            changes.add("urgent reserve " + before.urgentReserve() + "→" + after.urgentReserve());
        }
        if (!Objects.equals(before.onlineConsultationUrl(), after.onlineConsultationUrl())) {
            changes.add("online consultation address "
                    + (after.onlineConsultationUrl() == null
                            ? "removed"
                            : "changed to " + after.onlineConsultationUrl()));
        }
        signposts(before.signposts(), after.signposts(), changes);
        return changes.isEmpty() ? "nothing changed" : String.join("; ", changes);
    }

    private static void clinicians(List<Clinician> before, List<Clinician> after, List<String> changes) {
        Map<Long, Clinician> was =
                before.stream().collect(Collectors.toMap(Clinician::id, c -> c, (a, b) -> a, LinkedHashMap::new));
        for (Clinician is : after) {
            Clinician old = was.remove(is.id());
            if (old == null) {
                changes.add(is.label() + " added, cap " + is.dailyCap() + ", " + days(is.workingDays()));
                continue;
            }
            if (!old.label().equals(is.label())) {
                changes.add(old.label() + " now labelled " + is.label());
            }
            if (old.role() != is.role()) {
                changes.add("role of " + is.label() + " " + old.role() + "→" + is.role());
            }
            if (old.dailyCap() != is.dailyCap()) {
                changes.add("cap of " + is.label() + " " + old.dailyCap() + "→" + is.dailyCap());
            }
            if (!old.workingDays().equals(is.workingDays())) {
                changes.add("working days of " + is.label() + " " + days(old.workingDays()) + " → "
                        + days(is.workingDays()));
            }
        }
        was.values().forEach(removed -> changes.add(removed.label() + " removed"));
    }

    private static void signposts(List<Signpost> before, List<Signpost> after, List<String> changes) {
        Map<String, Signpost> was = new LinkedHashMap<>();
        before.forEach(s -> was.putIfAbsent(s.name(), s));
        for (Signpost is : after) {
            Signpost old = was.remove(is.name());
            if (old == null) {
                changes.add("place " + is.name() + " added");
            } else if (!old.equals(is)) {
                changes.add("place " + is.name() + " changed");
            }
        }
        was.keySet().forEach(removed -> changes.add("place " + removed + " removed"));
    }

    private static String hours(Hours hours) {
        return hours == null ? "closed" : hours.opens() + "–" + hours.closes();
    }

    private static String days(Set<DayOfWeek> days) {
        return days.isEmpty()
                ? "no working days"
                : days.stream().sorted().map(SetupRules::name).collect(Collectors.joining(", "));
    }
}
