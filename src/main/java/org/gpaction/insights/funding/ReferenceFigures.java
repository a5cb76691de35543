package org.gpaction.insights.funding;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The figures the swingometer argues from and the CPI series, each with its source; administrators correct them. */
@Repository
public class ReferenceFigures {

    static final String GLOBAL_SUM_2024_25 = "global-sum-2024-25";
    static final String GLOBAL_SUM_2018_19 = "global-sum-2018-19";
    static final String UPLIFT_INITIAL = "uplift-initial-offer";
    static final String UPLIFT_LATER = "uplift-later-offer";

    /** The figures the swingometer divides by, which must be above zero. */
    private static final Set<String> DIVISORS = Set.of(GLOBAL_SUM_2018_19);

    public record Figure(
            String key,
            String label,
            BigDecimal value,
            String unit,
            String source,
            String updatedBy,
            Instant updatedAt) {}

    public record Cpi(int year, BigDecimal index, String source, String updatedBy, Instant updatedAt) {}

    private final JdbcClient jdbc;

    ReferenceFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Figure> figures() {
        return jdbc.sql("select * from insights.reference_figure order by key")
                .query((rs, row) -> new Figure(
                        rs.getString("key"),
                        rs.getString("label"),
                        rs.getBigDecimal("value"),
                        rs.getString("unit"),
                        rs.getString("source"),
                        rs.getString("updated_by"),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    Optional<Figure> figure(String key) {
        return figures().stream().filter(figure -> figure.key().equals(key)).findFirst();
    }

    /** Digits before the decimal point a reference figure or CPI index may have, and after it. */
    static final int MOST_DIGITS = 9;

    static final int MOST_DECIMALS = 4;

    /** How a figure is to be written, for the messages refusing one: the same words on the page and from the API. */
    static final String DIGITS_RULE = "as a number with at most " + MOST_DIGITS
            + " digits before the decimal point and " + MOST_DECIMALS + " after it";

    /**
     * A figure as it is kept and printed, or null if it has more than {@link #MOST_DIGITS} digits before its decimal
     * point or {@link #MOST_DECIMALS} after it once its trailing zeros are dropped. However it is written, on the page
     * or through the API, it is kept the same: 107.50000 as 107.5, 1e6 as 1000000, 0E-100000 as 0. Kept as written,
     * 107.57 with a thousand zeros after it would be printed in full on the public funding page, and 0E-100000 has
     * more decimal places than the database takes; 1e400000 is beyond what it stores at all.
     */
    static BigDecimal normalised(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        // Checked before setScale, which would write out all the digits of a number such as 1e400000.
        if (stripped.scale() > MOST_DECIMALS || stripped.precision() - stripped.scale() > MOST_DIGITS) {
            return null;
        }
        return stripped.setScale(Math.max(0, stripped.scale()));
    }

    /** The longest number the API's JSON reader takes, so the page refuses unread what the API would. */
    private static final int MOST_WRITTEN = 1000;

    /** The figure a form gives, {@link #normalised}, or null if it is not a number or is beyond its digits. */
    static BigDecimal written(String text) {
        if (text.isEmpty() || text.length() > MOST_WRITTEN) {
            return null;
        }
        try {
            return normalised(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isDivisor(String key) {
        return DIVISORS.contains(key);
    }

    BigDecimal value(String key) {
        return figure(key).map(Figure::value).orElseThrow(() -> new IllegalStateException("No figure " + key));
    }

    boolean update(String key, BigDecimal value, String source, String by, Instant at) {
        return jdbc.sql("""
                        update insights.reference_figure
                        set value = :value, source = :source, updated_by = :by, updated_at = :at
                        where key = :key
                        """)
                        .param("key", key)
                        .param("value", value)
                        .param("source", source)
                        .param("by", by)
                        .param("at", Timestamp.from(at))
                        .update()
                > 0;
    }

    List<Cpi> cpi() {
        return jdbc.sql("select * from insights.cpi order by year")
                .query((rs, row) -> new Cpi(
                        rs.getInt("year"),
                        rs.getBigDecimal("index"),
                        rs.getString("source"),
                        rs.getString("updated_by"),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    Optional<Cpi> cpi(int year) {
        return cpi().stream().filter(cpi -> cpi.year() == year).findFirst();
    }

    Map<Integer, BigDecimal> cpiByYear() {
        Map<Integer, BigDecimal> byYear = new TreeMap<>();
        cpi().forEach(cpi -> byYear.put(cpi.year(), cpi.index()));
        return byYear;
    }

    void setCpi(int year, BigDecimal index, String source, String by, Instant at) {
        jdbc.sql("""
                        insert into insights.cpi (year, index, source, updated_by, updated_at)
                        values (:year, :index, :source, :by, :at)
                        on conflict (year) do update
                        set index = excluded.index, source = excluded.source, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at
                        """)
                .param("year", year)
                .param("index", index)
                .param("source", source)
                .param("by", by)
                .param("at", Timestamp.from(at))
                .update();
    }

    boolean removeCpi(int year) {
        return jdbc.sql("delete from insights.cpi where year = :year")
                        .param("year", year)
                        .update()
                > 0;
    }
}
