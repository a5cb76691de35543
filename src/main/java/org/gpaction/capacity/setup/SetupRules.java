package org.gpaction.capacity.setup;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gpaction.common.TypedText;
import org.gpaction.common.web.InvalidRequest;

/**
 * The rules a practice's set-up must keep, each refusal naming its field. A cap above 25 is refused outright: 25
 * contacts a day is the safe maximum action 1 of the menu sets, and a lower cap suits a half day.
 */
final class SetupRules {

    static final int SAFE_MAXIMUM = Clinician.SAFE_MAXIMUM;
    static final int MOST_CLINICIANS = 200;
    /** The most contacts a day a practice can keep back for urgent need (capacity migration V1 holds it to this). */
    static final int MOST_RESERVE = 500;

    static final int MOST_SIGNPOSTS = 20;
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");
    /** The end of a day, as a closing time: midnight. */
    static final String END_OF_DAY = "24:00";

    /** A set-up that kept every rule; clinicians without an id are new. */
    record Checked(
            List<ClinicianRequestChecked> clinicians,
            Map<DayOfWeek, Hours> coreHours,
            boolean countAdmin,
            int urgentReserve,
            WhenFull whenFull,
            LocalDate icbAgreedClosureOn,
            String onlineConsultationUrl,
            List<Signpost> signposts) {}

    record ClinicianRequestChecked(
            Long id, String label, ClinicianRole role, int dailyCap, Set<DayOfWeek> workingDays) {}

    /**
     * How a mistake numbers the set-up's clinician n and place n: by where each is in the list sent, as the API takes
     * it, or by the row each was typed in, as the page titles its boxes and leaves an emptied row out of the list.
     */
    record Numbering(List<Integer> clinicianRows, List<Integer> placeRows) {

        /** Clinician 1 is the first sent, as the API's list is numbered. */
        static final Numbering AS_SENT = new Numbering(List.of(), List.of());

        int clinician(int n) {
            return n < clinicianRows.size() ? clinicianRows.get(n) + 1 : n + 1;
        }

        int place(int n) {
            return n < placeRows.size() ? placeRows.get(n) + 1 : n + 1;
        }
    }

    private final List<Map<String, String>> errors = new ArrayList<>();
    private final Numbering numbering;

    private SetupRules(Numbering numbering) {
        this.numbering = numbering;
    }

    static Checked check(SetupRequest request) {
        return check(request, Numbering.AS_SENT);
    }

    static Checked check(SetupRequest request, Numbering numbering) {
        return new SetupRules(numbering).checked(request);
    }

    private Checked checked(SetupRequest request) {
        if (request == null) {
            throw InvalidRequest.field("clinicians", "Send the set-up as a JSON object with clinicians and coreHours");
        }
        List<ClinicianRequestChecked> clinicians = clinicians(request.clinicians());
        Map<DayOfWeek, Hours> coreHours = hoursByDay("coreHours", request.coreHours(), null);
        if (coreHours.isEmpty() && errors.stream().noneMatch(e -> e.get("field").startsWith("coreHours"))) {
            error("coreHours", "Give the core hours of at least one weekday, for example MONDAY 08:00 to 18:30");
        }
        int reserve = request.urgentReserve() == null ? 0 : request.urgentReserve();
        int totalCap =
                clinicians.stream().mapToInt(ClinicianRequestChecked::dailyCap).sum();
        if (reserve < 0) {
            error("urgentReserve", "The urgent reserve must be a whole number of contacts, 0 or more");
        } else if (reserve > MOST_RESERVE) {
            error("urgentReserve", "The urgent reserve must be " + MOST_RESERVE + " contacts or fewer");
        } else if (reserve > 0 && reserve > totalCap) {
            error(
                    "urgentReserve",
                    "The urgent reserve (" + reserve + ") cannot be more than the clinicians' caps add up to ("
                            + totalCap + ")");
        }
        WhenFull whenFull = whenFull(request.whenFull());
        LocalDate icbAgreed = date("icbAgreedClosureOn", request.icbAgreedClosureOn());
        if (icbAgreed != null && whenFull == WhenFull.STAY_OPEN_SIGNPOST) {
            error(
                    "icbAgreedClosureOn",
                    "An ICB's agreement to close applies only when the front door closes when full");
        }
        String url = url(request.onlineConsultationUrl());
        List<Signpost> signposts = signposts(request.signposts());
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).get("message"), errors);
        }
        return new Checked(
                clinicians,
                coreHours,
                Boolean.TRUE.equals(request.countAdmin()),
                reserve,
                whenFull,
                icbAgreed,
                url,
                signposts);
    }

    private List<ClinicianRequestChecked> clinicians(List<SetupRequest.ClinicianRequest> given) {
        List<ClinicianRequestChecked> checked = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            error("clinicians", "Add at least one clinician who consults, by a label such as GP 1");
            return checked;
        }
        if (given.size() > MOST_CLINICIANS) {
            error("clinicians", "A practice can list at most " + MOST_CLINICIANS + " clinicians");
            return checked;
        }
        Set<String> labels = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            SetupRequest.ClinicianRequest clinician = given.get(i);
            String field = "clinicians[" + i + "]";
            int number = numbering.clinician(i);
            if (clinician == null) {
                error(field, "Clinician " + number + " is empty");
                continue;
            }
            if (clinician.id() != null && !ids.add(clinician.id())) {
                error(
                        field + ".id",
                        "Clinician " + clinician.id() + " is listed twice: list each clinician once, and leave the"
                                + " id out to add a clinician");
            }
            String label = text(clinician.label());
            if (label.isEmpty()) {
                error(field + ".label", "Give clinician " + number + " a label, such as GP 1 or ANP Sarah");
            } else if (label.length() > 60) {
                error(field + ".label", "Clinician " + number + "'s label must be 60 characters or fewer");
            } else if (TypedText.hasControlCharacters(label)) {
                error(
                        field + ".label",
                        "Clinician " + number + "'s label must be text on one line, without tabs or control"
                                + " characters");
            } else if (!labels.add(label.toLowerCase(Locale.ROOT))) {
                error(field + ".label", "Two clinicians are labelled " + label + ": give each its own label");
            }
            ClinicianRole role = null;
            try {
                role = ClinicianRole.valueOf(text(clinician.role()));
            } catch (IllegalArgumentException e) {
                error(
                        field + ".role",
                        "Clinician " + number + "'s role must be one of " + List.of(ClinicianRole.values()));
            }
            int cap = clinician.dailyCap() == null ? SAFE_MAXIMUM : clinician.dailyCap();
            if (cap < 0 || cap > SAFE_MAXIMUM) {
                error(
                        field + ".dailyCap",
                        "Clinician " + number + "'s daily cap must be a whole number from 0 to " + SAFE_MAXIMUM
                                + ", the safe maximum of action 1");
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
            DayOfWeek parsed = dayOfWeek(field, day);
            if (parsed != null) {
                days.add(parsed);
            }
        }
        return days;
    }

    /**
     * Opening and closing times by weekday. A signpost's mistakes name the place as well as the day, as a set-up lists
     * several places and each has its own times; {@code place} is null for the practice's own core hours.
     */
    private Map<DayOfWeek, Hours> hoursByDay(String field, Map<String, SetupRequest.HoursRequest> given, String place) {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        if (given == null) {
            return hours;
        }
        given.forEach((dayName, times) -> {
            DayOfWeek day = dayOfWeek(field, dayName);
            if (day == null || times == null) {
                return;
            }
            String at = field + "." + day;
            if (place != null
                    && text(times.opens()).isEmpty() != text(times.closes()).isEmpty()) {
                String missing = text(times.opens()).isEmpty() ? "opens" : "closes";
                error(
                        at + "." + missing,
                        "Give the time " + place + " " + missing + " on " + name(day)
                                + ", or leave both times empty if it is closed that day");
                return;
            }
            LocalTime opens = time(at + ".opens", times.opens(), place, "opens", day);
            LocalTime closes = time(at + ".closes", times.closes(), place, "closes", day);
            if (opens != null && closes != null) {
                // A place to send patients may be open overnight (closing at or before it opens, the next day); the
                // practice's own core hours are one span within a day, as its days turn over at midnight.
                if (place == null && !closes.isAfter(opens)) {
                    error(at + ".closes", "On " + name(day) + " the closing time must be after the opening time");
                } else {
                    hours.put(day, new Hours(opens, closes));
                }
            }
        });
        return hours;
    }

    private List<Signpost> signposts(List<SetupRequest.SignpostRequest> given) {
        List<Signpost> signposts = new ArrayList<>();
        if (given == null) {
            return signposts;
        }
        if (given.size() > MOST_SIGNPOSTS) {
            error("signposts", "List at most " + MOST_SIGNPOSTS + " places to send patients");
            return signposts;
        }
        for (int i = 0; i < given.size(); i++) {
            SetupRequest.SignpostRequest signpost = given.get(i);
            String field = "signposts[" + i + "]";
            int number = numbering.place(i);
            if (signpost == null) {
                error(field, "Place " + number + " is empty");
                continue;
            }
            String name = text(signpost.name());
            if (name.isEmpty() || name.length() > 100) {
                error(field + ".name", "Give place " + number + " a name of 100 characters or fewer");
            } else if (TypedText.hasControlCharacters(name)) {
                error(
                        field + ".name",
                        "The name of place " + number + " must be text on one line, without tabs or control"
                                + " characters");
            }
            SignpostKind kind = null;
            try {
                kind = SignpostKind.valueOf(text(signpost.kind()));
            } catch (IllegalArgumentException e) {
                error(
                        field + ".kind",
                        "The kind of place " + number + " must be one of " + List.of(SignpostKind.values()));
            }
            String address = text(signpost.address());
            if (address.length() > 200) {
                error(field + ".address", "The address of place " + number + " must be 200 characters or fewer");
            } else if (TypedText.hasControlCharacters(address)) {
                error(
                        field + ".address",
                        "The address of place " + number + " must be text on one line, without tabs or control"
                                + " characters");
            }
            String phone = text(signpost.phone());
            if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
                error(
                        field + ".phone",
                        "The phone number of place " + number + " must be 3 to 30 digits, spaces, + or brackets");
            }
            Map<DayOfWeek, Hours> hours =
                    hoursByDay(field + ".hours", signpost.hours(), name.isEmpty() ? "place " + number : name);
            if (name.length() <= 100 && kind != null) {
                signposts.add(new Signpost(name, kind, address, phone, hours));
            }
        }
        return signposts;
    }

    private WhenFull whenFull(String value) {
        try {
            return WhenFull.valueOf(text(value));
        } catch (IllegalArgumentException e) {
            error("whenFull", "Choose what the online front door does when full: CLOSE or STAY_OPEN_SIGNPOST");
            return null;
        }
    }

    private String url(String value) {
        String url = text(value);
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (url.length() > 500
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not a web address");
            }
        } catch (URISyntaxException e) {
            error(
                    "onlineConsultationUrl",
                    "The online consultation address must be a web address starting https:// (or http://)");
        }
        return url;
    }

    private LocalDate date(String field, String value) {
        String text = text(value);
        if (text.isEmpty()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(field, "Give the date as yyyy-mm-dd, for example 2025-10-01");
            return null;
        }
        if (!CapacityDates.isWithin(date)) {
            error(field, "Give a date from " + CapacityDates.rangeInWords());
            return null;
        }
        return date;
    }

    /**
     * A time as hh:mm. "24:00" is the end of the day, taken only as the time a place to send patients closes (kept as
     * 00:00, which closes at midnight too); the practice's core hours close within their own day, by 23:59.
     */
    private LocalTime time(String field, String value, String place, String which, DayOfWeek day) {
        if (END_OF_DAY.equals(text(value))) {
            if (place != null && which.equals("closes")) {
                return LocalTime.MIDNIGHT;
            }
            error(
                    field,
                    which.equals("opens")
                            ? "24:00 is only a closing time, the end of the day: give the time "
                                    + (place == null ? "the core hours open" : place + " opens") + " on "
                                    + name(day) + " from 00:00 to 23:59"
                            : "On " + name(day) + " the core hours must close by 23:59, as the practice's day ends at"
                                    + " midnight: 24:00 is taken only as the time a place to send patients closes");
            return null;
        }
        try {
            return LocalTime.parse(text(value));
        } catch (DateTimeParseException e) {
            error(
                    field,
                    place == null
                            ? "Give the time as hh:mm on the 24-hour clock, for example 08:00"
                            : "Give the time " + place + " " + which + " on " + name(day)
                                    + " as hh:mm on the 24-hour clock, for example 08:00");
            return null;
        }
    }

    private DayOfWeek dayOfWeek(String field, String value) {
        try {
            return DayOfWeek.valueOf(text(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(field, "Days are MONDAY to SUNDAY; " + abbreviate(text(value)) + " is not one");
            return null;
        }
    }

    static String name(DayOfWeek day) {
        return day.getDisplayName(java.time.format.TextStyle.FULL, Locale.UK);
    }

    private void error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
