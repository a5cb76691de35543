package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** A set-up's core hours, signposts and clinicians as the JSON text they are stored and read as. */
final class SetupJson {

    private static final JsonMapper json = JsonMapper.builder().build();

    private SetupJson() {}

    static List<Clinician> clinicians(String stored) {
        return PARSED.get(stored, SetupJson::parseClinicians);
    }

    static List<Signpost> signposts(String stored) {
        return PARSED.get(stored, SetupJson::parseSignposts);
    }

    static Map<DayOfWeek, Hours> hours(String stored) {
        return PARSED.get(stored, SetupJson::parseHours);
    }

    static String text(Map<DayOfWeek, Hours> hours) {
        return json.writeValueAsString(hoursJson(hours));
    }

    static String text(List<Signpost> signposts) {
        return json.writeValueAsString(
                signposts.stream().map(SetupJson::signpostJson).toList());
    }

    /**
     * What each stored JSON text parses to, by the text itself (so never stale): every request to a practice reads its
     * set-up, and parsing it again each time was most of the work of reading it. Bounded by the texts' length as well as
     * their number, as a set-up of 200 clinicians and 20 places is far longer than most: emptied when either is reached.
     */
    private static final Parsed PARSED = new Parsed(20_000, 4_000_000);

    static final class Parsed {
        private final int mostTexts;
        private final long mostCharacters;
        private final ConcurrentHashMap<String, Object> byText = new ConcurrentHashMap<>();
        /** The length of the texts kept: never less than the map holds, as it is reset before the map is emptied. */
        private final AtomicLong characters = new AtomicLong();

        Parsed(int mostTexts, long mostCharacters) {
            this.mostTexts = mostTexts;
            this.mostCharacters = mostCharacters;
        }

        @SuppressWarnings("unchecked")
        <T> T get(String text, Function<String, T> parse) {
            Object found = byText.get(text);
            if (found == null) {
                found = parse.apply(text);
                if (text.length() > mostCharacters) {
                    return (T) found;
                }
                if (byText.size() >= mostTexts || characters.get() + text.length() > mostCharacters) {
                    characters.set(0);
                    byText.clear();
                }
                if (byText.putIfAbsent(text, found) == null) {
                    characters.addAndGet(text.length());
                }
            }
            return (T) found;
        }

        long characters() {
            return byText.keySet().stream().mapToLong(String::length).sum();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Clinician> parseClinicians(String stored) {
        List<Map<String, Object>> rows = json.readValue(stored, List.class);
        return rows.stream()
                .map(row -> new Clinician(
                        ((Number) row.get("id")).longValue(),
                        (String) row.get("label"),
                        ClinicianRole.valueOf((String) row.get("role")),
                        ((Number) row.get("dailyCap")).intValue(),
                        ((List<String>) row.get("workingDays"))
                                .stream().map(DayOfWeek::valueOf).collect(Collectors.toSet())))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Signpost> parseSignposts(String stored) {
        List<Map<String, Object>> signposts = json.readValue(stored, List.class);
        return signposts.stream().map(SetupJson::signpost).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<DayOfWeek, Hours> parseHours(String stored) {
        return Map.copyOf(hoursFrom(json.readValue(stored, Map.class)));
    }

    private static Map<String, Map<String, String>> hoursJson(Map<DayOfWeek, Hours> hours) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        hours.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(
                        e.getKey().name(),
                        Map.of(
                                "opens",
                                e.getValue().opens().toString(),
                                "closes",
                                e.getValue().closes().toString())));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<DayOfWeek, Hours> hoursFrom(Map<String, Object> stored) {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        stored.forEach((day, times) -> {
            Map<String, String> t = (Map<String, String>) times;
            hours.put(
                    DayOfWeek.valueOf(day),
                    new Hours(LocalTime.parse(t.get("opens")), LocalTime.parse(t.get("closes"))));
        });
        return hours;
    }

    private static Map<String, Object> signpostJson(Signpost signpost) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", signpost.name());
        out.put("kind", signpost.kind().name());
        out.put("address", signpost.address());
        out.put("phone", signpost.phone());
        out.put("hours", hoursJson(signpost.hours()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Signpost signpost(Map<String, Object> stored) {
        return new Signpost(
                (String) stored.get("name"),
                SignpostKind.valueOf((String) stored.get("kind")),
                (String) stored.get("address"),
                (String) stored.get("phone"),
                hoursFrom((Map<String, Object>) stored.get("hours")));
    }
}
