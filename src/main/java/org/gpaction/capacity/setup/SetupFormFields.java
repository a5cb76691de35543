package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The set-up form's flat field names (c0.label, hours.MONDAY.opens, s0.name, s0.hours.MONDAY.opens), so that a row can
 * be added without JavaScript: read into the same {@link SetupRequest} the API takes, so both keep the same rules,
 * written from a saved set-up, checked for the mistakes only the form can make, and the input each error points at.
 */
final class SetupFormFields {

    static final int BLANK_CLINICIAN_ROWS = 3;
    static final int BLANK_SIGNPOST_ROWS = 2;

    private static final Pattern INDEXED =
            Pattern.compile("(clinicians|signposts)\\[(\\d+)](?:\\.(\\w+))?(?:\\.(\\w+))?(?:\\.(\\w+))?");

    private SetupFormFields() {}

    /** Existing rows in the values, then blank ones to add to. */
    static List<Integer> rows(MultiValueMap<String, String> values, String prefix) {
        int filled = 0;
        while (values.containsKey(prefix + filled + ".label") || values.containsKey(prefix + filled + ".name")) {
            filled++;
        }
        int blanks = prefix.equals("c") ? BLANK_CLINICIAN_ROWS : BLANK_SIGNPOST_ROWS;
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < filled + blanks; i++) {
            rows.add(i);
        }
        return rows;
    }

    static SetupRequest request(MultiValueMap<String, String> params) {
        List<SetupRequest.ClinicianRequest> clinicians = new ArrayList<>();
        for (int i : filledRows(params, "c")) {
            clinicians.add(new SetupRequest.ClinicianRequest(
                    id(params.getFirst("c" + i + ".id")),
                    params.getFirst("c" + i + ".label"),
                    params.getFirst("c" + i + ".role"),
                    number(params.getFirst("c" + i + ".cap")),
                    params.getOrDefault("c" + i + ".days", List.of())));
        }
        Map<String, SetupRequest.HoursRequest> hours = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String opens = params.getFirst("hours." + day + ".opens");
            String closes = params.getFirst("hours." + day + ".closes");
            if ((opens != null && !opens.isBlank()) || (closes != null && !closes.isBlank())) {
                hours.put(day.name(), new SetupRequest.HoursRequest(opens, closes));
            }
        }
        List<SetupRequest.SignpostRequest> signposts = new ArrayList<>();
        for (int i : filledRows(params, "s")) {
            signposts.add(new SetupRequest.SignpostRequest(
                    params.getFirst("s" + i + ".name"),
                    params.getFirst("s" + i + ".kind"),
                    params.getFirst("s" + i + ".address"),
                    params.getFirst("s" + i + ".phone"),
                    SignpostHoursFields.read(i, params)));
        }
        return new SetupRequest(
                clinicians,
                hours,
                "yes".equals(params.getFirst("countAdmin")),
                number(params.getFirst("urgentReserve")),
                params.getFirst("whenFull"),
                params.getFirst("icbAgreedClosureOn"),
                params.getFirst("onlineConsultationUrl"),
                signposts,
                null,
                null,
                null);
    }

    /**
     * A clinician's daily cap left empty: the box starts at the {@link CapLimit}, so one who cleared it meant something
     * other than that, and is asked for it rather than given it (the API, where a cap may be left out, gives it).
     */
    static List<Map<String, String>> capsCleared(MultiValueMap<String, String> params, CapLimit limit) {
        List<Integer> rows = filledRows(params, "c");
        List<Map<String, String>> mistakes = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            String cap = params.getFirst("c" + rows.get(n) + ".cap");
            if (cap == null || cap.isBlank()) {
                mistakes.add(Map.of(
                        "field",
                        "clinicians[" + n + "].dailyCap",
                        "message",
                        "Enter " + params.getFirst("c" + rows.get(n) + ".label").strip()
                                + "'s daily cap, a whole number from 0 to " + limit.contacts()));
            }
        }
        return mistakes;
    }

    static List<Map<String, String>> signpostHoursMistakes(MultiValueMap<String, String> params) {
        List<Integer> rows = filledRows(params, "s");
        List<Map<String, String>> mistakes = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            int row = rows.get(n);
            mistakes.addAll(SignpostHoursFields.mistakes(
                    row,
                    "signposts[" + n + "]",
                    params.getFirst("s" + row + ".name").strip(),
                    params));
        }
        return mistakes;
    }

    /**
     * The rows that go into the set-up, in order: those with a label (clinicians, "c") or a name (signposts, "s"). A
     * row emptied on the page is left out, so the set-up's clinicians[n] or signposts[n] is row rows.get(n).
     */
    static List<Integer> filledRows(MultiValueMap<String, String> params, String prefix) {
        String key = prefix.equals("c") ? ".label" : ".name";
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; params.containsKey(prefix + i + key); i++) {
            String value = params.getFirst(prefix + i + key);
            if (value != null && !value.isBlank()) {
                rows.add(i);
            }
        }
        return rows;
    }

    /**
     * The clinicians' ids, hidden on the page, are numbers as the page wrote them: one that is not, or one too big for
     * any id, was changed after the page was written (a tampered form), and is refused naming its row before anything
     * is saved, rather than looked up as no clinician of the practice.
     */
    static void idsAreWellFormed(MultiValueMap<String, String> params) {
        List<Integer> rows = filledRows(params, "c");
        for (int n = 0; n < rows.size(); n++) {
            String id = params.getFirst("c" + rows.get(n) + ".id");
            if (id != null && !id.isBlank() && id(id) == null) {
                throw InvalidRequest.field(
                        "clinicians[" + n + "].id",
                        "Clinician " + (rows.get(n) + 1) + "'s row was sent with an id this page did not give, so"
                                + " nothing was saved: open the set-up page again and make your changes there");
            }
        }
    }

    /** The form's values for a saved set-up, with the version it is. */
    static MultiValueMap<String, String> values(PracticeSetups.Versioned versioned) {
        MultiValueMap<String, String> values = values(versioned.setup());
        values.add("version", String.valueOf(versioned.version()));
        return values;
    }

    /** The form's values for a saved set-up. */
    static MultiValueMap<String, String> values(PracticeSetup setup) {
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        for (int row = 0; row < setup.clinicians().size(); row++) {
            int i = row;
            Clinician c = setup.clinicians().get(i);
            values.add("c" + i + ".id", String.valueOf(c.id()));
            values.add("c" + i + ".label", c.label());
            values.add("c" + i + ".role", c.role().name());
            values.add("c" + i + ".cap", String.valueOf(c.dailyCap()));
            c.workingDays().stream().sorted().forEach(d -> values.add("c" + i + ".days", d.name()));
        }
        setup.coreHours().forEach((day, h) -> {
            values.add("hours." + day + ".opens", h.opens().toString());
            values.add("hours." + day + ".closes", h.closes().toString());
        });
        values.add("countAdmin", setup.countAdmin() ? "yes" : "no");
        values.add("urgentReserve", String.valueOf(setup.urgentReserve()));
        values.add("whenFull", setup.whenFull().name());
        values.add(
                "icbAgreedClosureOn",
                setup.icbAgreedClosureOn() == null
                        ? ""
                        : setup.icbAgreedClosureOn().toString());
        values.add("onlineConsultationUrl", setup.onlineConsultationUrl() == null ? "" : setup.onlineConsultationUrl());
        for (int row = 0; row < setup.signposts().size(); row++) {
            int i = row;
            Signpost s = setup.signposts().get(i);
            values.add("s" + i + ".name", s.name());
            values.add("s" + i + ".kind", s.kind().name());
            values.add("s" + i + ".address", s.address());
            values.add("s" + i + ".phone", s.phone());
            SignpostHoursFields.write(i, s, values);
        }
        return values;
    }

    /** A new practice's starting point: weekdays 08:00 to 18:30, the contract's core hours. */
    static MultiValueMap<String, String> defaults() {
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        for (DayOfWeek day : SetupRules.WEEKDAYS) {
            values.add("hours." + day + ".opens", LocalTime.of(8, 0).toString());
            values.add("hours." + day + ".closes", LocalTime.of(18, 30).toString());
        }
        values.add("version", String.valueOf(SaveSetup.NOT_SET_UP));
        values.add("urgentReserve", "0");
        values.add("countAdmin", "no");
        values.add("s0.name", "NHS 111");
        values.add("s0.kind", SignpostKind.NHS_111.name());
        values.add("s0.phone", "111");
        values.add("s0.address", "111.nhs.uk");
        values.add("s0.open", SignpostHoursFields.AROUND_THE_CLOCK);
        return values;
    }

    /**
     * The id of the input a field's error points at: clinicians[2].label is c2-label when the third clinician is on
     * the third row, signposts[0].hours.SATURDAY.opens is s0-hours-SATURDAY-opens.
     */
    static String inputId(String field, MultiValueMap<String, String> params) {
        Matcher m = INDEXED.matcher(field);
        if (m.matches()) {
            String prefix = m.group(1).equals("clinicians") ? "c" : "s";
            List<Integer> rows = filledRows(params, prefix);
            int n = Integer.parseInt(m.group(2));
            int row = n < rows.size() ? rows.get(n) : n;
            String part = m.group(3) == null ? "label" : m.group(3);
            part = switch (part) {
                // The id is hidden on the page: a mistake in it is shown by the clinician's label.
                case "id" -> "label";
                case "dailyCap" -> "cap";
                case "workingDays" -> "days";
                case "hours" -> m.group(5) == null ? "open" : "hours-" + m.group(4) + "-" + m.group(5);
                default -> part;
            };
            if (prefix.equals("s") && part.equals("label")) {
                part = "name";
            }
            return prefix + row + "-" + part;
        }
        if (field.startsWith("coreHours.")) {
            return "hours-" + field.substring("coreHours.".length()).replace('.', '-');
        }
        return switch (field) {
            case "coreHours" -> "hours-MONDAY-opens";
            // A mistake about the whole list (none, or too many) is shown by its first row.
            case "clinicians" -> "c0-label";
            case "signposts" -> "s0-name";
            default -> field;
        };
    }

    /**
     * A clinician's id as the page carries it, a bigint in the database; null for none, or one not a number a bigint
     * holds, which {@link #idsAreWellFormed} refuses before the request is made.
     */
    private static Long id(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }
}
