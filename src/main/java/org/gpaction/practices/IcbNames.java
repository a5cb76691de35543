package org.gpaction.practices;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The names of England's integrated care boards, so that a page can say "NHS Somerset ICB (QSL)", not "QSL". */
@Service
public class IcbNames {

    private final JdbcClient jdbc;

    /** Shipped with a migration and never changed by the application, so read once. */
    private volatile Map<String, String> names;

    IcbNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every ICB's name by its code. */
    public Map<String, String> all() {
        Map<String, String> known = names;
        if (known == null) {
            Map<String, String> read = new LinkedHashMap<>();
            jdbc.sql("select code, name from practices.icb order by code").query(rs -> {
                read.put(rs.getString("code"), rs.getString("name"));
            });
            known = Map.copyOf(read);
            names = known;
        }
        return known;
    }

    /** The name and the code, as a page shows them; the code alone for a code with no name (an old one). */
    public static String label(String code, Map<String, String> names) {
        String name = names.get(code.toUpperCase(Locale.ROOT));
        return name == null ? code : name + " (" + code + ")";
    }

    /**
     * A practice's area in the ICB column of a list of practices: its ICB as {@link #label} gives it, or for a practice
     * in Wales its {@linkplain #healthBoard health board}.
     */
    public static String column(Nation nation, String icbCode, String subIcbCode, Map<String, String> names) {
        return nation == Nation.WALES ? healthBoard(subIcbCode) : label(icbCode, names);
    }

    /**
     * A practice in Wales's area: Wales has health boards, not ICBs, and ODS gives its practices the placeholder Q99
     * where an ICB would be and their health board where a sub-ICB location would be.
     */
    public static String healthBoard(String subIcbCode) {
        return "Health board " + subIcbCode;
    }

    /** An area in words: the name and the code, or "ICB" and the code for a code with no name. */
    public static String area(String code, Map<String, String> names) {
        return names.containsKey(code.toUpperCase(Locale.ROOT)) ? label(code, names) : "ICB " + code;
    }
}
