package org.gpaction.insights.appointments;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of the columns the NHS counts appointments by, with the values it takes. Releases differ in spacing and case
 * ({@code 15  to 21 Days}) and some values were renamed ({@code Video/Online}; the unknown wait is
 * {@code Unknown / Data Issue} in the 2019-2021 files and {@code Unknown / Data Quality} in later ones), so values are
 * compared with runs of white space made one space, in any case; each value is a small number, its position in the
 * list.
 */
final class Category {

    static final Category STATUS = new Category("APPT_STATUS", List.of("Attended", "DNA", "Unknown"));
    static final Category HCP_TYPE = new Category("HCP_TYPE", List.of("GP", "Other Practice staff", "Unknown"));
    static final Category MODE = new Category(
            "APPT_MODE",
            List.of("Face-to-Face", "Telephone", "Home Visit", "Video Conference/Online", "Unknown"),
            Map.of("Video/Online", "Video Conference/Online"));
    static final Category WAIT = new Category(
            "TIME_BETWEEN_BOOK_AND_APPT",
            List.of(
                    "Same Day",
                    "1 Day",
                    "2 to 7 Days",
                    "8 to 14 Days",
                    "15 to 21 Days",
                    "22 to 28 Days",
                    "More than 28 Days",
                    "Unknown / Data Issue"),
            Map.of("Unknown / Data Quality", "Unknown / Data Issue"));

    static final int SAME_DAY = 0;
    static final int FIFTEEN_TO_21_DAYS = 4;
    static final int MORE_THAN_28_DAYS = 6;

    private final String column;
    private final List<String> values;
    private final Map<String, Integer> byNormalised = new HashMap<>();

    private Category(String column, List<String> values) {
        this(column, values, Map.of());
    }

    private Category(String column, List<String> values, Map<String, String> otherNames) {
        this.column = column;
        this.values = values;
        for (int i = 0; i < values.size(); i++) {
            byNormalised.put(normalise(values.get(i)), i);
        }
        otherNames.forEach((other, value) -> byNormalised.put(normalise(other), values.indexOf(value)));
    }

    String column() {
        return column;
    }

    int size() {
        return values.size();
    }

    /** The value's number, or -1 if it is not one of the values. */
    int code(String text) {
        Integer code = byNormalised.get(normalise(text));
        return code == null ? -1 : code;
    }

    /** The same answers, remembering the spellings seen so a national file's million rows are not each normalised. */
    Reader reader() {
        return new Reader();
    }

    final class Reader {

        private final Map<String, Integer> seen = new HashMap<>();

        int code(String text) {
            Integer known = seen.get(text);
            if (known != null) {
                return known;
            }
            int code = Category.this.code(text);
            if (code >= 0 && seen.size() < 1_000) {
                seen.put(text, code);
            }
            return code;
        }

        Category category() {
            return Category.this;
        }
    }

    /** What a person should read when a value is not one of them. */
    String problem(String text) {
        return "\"" + text + "\" is not a " + column + " the NHS publishes: use one of " + String.join(", ", values);
    }

    private static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
