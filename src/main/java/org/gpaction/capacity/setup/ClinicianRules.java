package org.gpaction.capacity.setup;

import static org.gpaction.capacity.setup.SetupMistakes.text;
import static org.gpaction.capacity.setup.SetupRules.MOST_CLINICIANS;
import static org.gpaction.capacity.setup.SetupRules.WEEKDAYS;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gpaction.capacity.setup.SetupRules.ClinicianRequestChecked;
import org.gpaction.capacity.setup.SetupRules.Numbering;
import org.gpaction.common.TypedText;

/** The rules of a set-up's clinicians: their ids, labels, roles, daily caps and working days. */
final class ClinicianRules {

    private final SetupMistakes mistakes;
    private final Numbering numbering;
    private final HoursRules hours;
    private final CapLimit limit;
    private final Map<Long, Integer> savedCaps;

    /**
     * @param limit the most a new or raised cap may be, and a cap left out
     * @param savedCaps each saved clinician's cap by id, which may be sent back unchanged though above the limit
     */
    ClinicianRules(
            SetupMistakes mistakes,
            Numbering numbering,
            HoursRules hours,
            CapLimit limit,
            Map<Long, Integer> savedCaps) {
        this.mistakes = mistakes;
        this.numbering = numbering;
        this.hours = hours;
        this.limit = limit;
        this.savedCaps = Map.copyOf(savedCaps);
    }

    List<ClinicianRequestChecked> checked(List<SetupRequest.ClinicianRequest> given) {
        List<ClinicianRequestChecked> checked = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            mistakes.add("clinicians", "Add at least one clinician who consults, by a label such as GP 1");
            return checked;
        }
        if (given.size() > MOST_CLINICIANS) {
            mistakes.add("clinicians", "A practice can list at most " + MOST_CLINICIANS + " clinicians");
            return checked;
        }
        Set<String> labels = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            SetupRequest.ClinicianRequest clinician = given.get(i);
            String field = "clinicians[" + i + "]";
            int number = numbering.clinician(i);
            if (clinician == null) {
                mistakes.add(field, "Clinician " + number + " is empty");
                continue;
            }
            if (clinician.id() != null && !ids.add(clinician.id())) {
                mistakes.add(
                        field + ".id",
                        "Clinician " + clinician.id() + " is listed twice: list each clinician once, and leave the"
                                + " id out to add a clinician");
            }
            String label = text(clinician.label());
            if (label.isEmpty()) {
                mistakes.add(field + ".label", "Give clinician " + number + " a label, such as GP 1 or ANP Sarah");
            } else if (label.length() > 60) {
                mistakes.add(field + ".label", "Clinician " + number + "'s label must be 60 characters or fewer");
            } else if (TypedText.hasControlCharacters(label)) {
                mistakes.add(
                        field + ".label",
                        "Clinician " + number + "'s label must be text on one line, without tabs or control"
                                + " characters");
            } else if (!labels.add(label.toLowerCase(Locale.ROOT))) {
                mistakes.add(field + ".label", "Two clinicians are labelled " + label + ": give each its own label");
            }
            ClinicianRole role = null;
            try {
                role = ClinicianRole.valueOf(text(clinician.role()));
            } catch (IllegalArgumentException e) {
                mistakes.add(
                        field + ".role",
                        "Clinician " + number + "'s role must be one of " + List.of(ClinicianRole.values()));
            }
            // A cap saved before the menu lowered the limit may be sent back unchanged, so that settings read and sent
            // back (the hours changed, say) are saved: it is held to the limit while action 1 is in force, as the pages
            // say. A new clinician's cap, or one raised, above the limit is refused.
            int cap = clinician.dailyCap() == null ? limit.contacts() : clinician.dailyCap();
            boolean keptAsSaved = clinician.id() != null && Integer.valueOf(cap).equals(savedCaps.get(clinician.id()));
            if (cap < 0 || (cap > limit.contacts() && !keptAsSaved)) {
                mistakes.add(
                        field + ".dailyCap",
                        "Clinician " + number + "'s daily cap must be a whole number " + limit.range());
            }
            Set<DayOfWeek> days = days(field + ".workingDays", clinician.workingDays());
            checked.add(new ClinicianRequestChecked(clinician.id(), label, role, cap, days));
        }
        return checked;
    }

    private Set<DayOfWeek> days(String field, List<String> given) {
        if (given == null) {
            return WEEKDAYS;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : given) {
            DayOfWeek parsed = hours.dayOfWeek(field, day);
            if (parsed != null) {
                days.add(parsed);
            }
        }
        return days;
    }
}
