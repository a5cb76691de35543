package org.gpaction.practices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Registered patients over time, from every extract of NHS Digital's patients file imported: for a practice, for
 * any group of practices (an ICB, a sub-ICB location, an LMC), and for England. Each series is in extract order,
 * oldest first, and has an entry only for extracts that list at least one of the practices.
 */
@Service
public class ListSizes {

    private final JdbcClient jdbc;

    ListSizes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ListSizeTotal> forPractice(String odsCode) {
        if (odsCode == null || odsCode.isBlank()) {
            return List.of();
        }
        return totals(List.of(odsCode));
    }

    /** The totals over these practices; codes not in the directory count for nothing. */
    public List<ListSizeTotal> totals(Collection<String> odsCodes) {
        if (odsCodes == null || odsCodes.isEmpty()) {
            return List.of();
        }
        String[] codes = odsCodes.stream()
                .map(code -> code.strip().toUpperCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new);
        return jdbc.sql("""
                        select l.extracted_on, count(*) as practices, sum(l.patients) as patients
                        from unnest(cast(:codes as text[])) as code
                        join practices.list_size l on l.ods_code = code
                        group by l.extracted_on
                        order by l.extracted_on
                        """).param("codes", codes).query(ListSizes::total).list();
    }

    /**
     * The totals over every practice in England. Each extract's totals over all practices are kept by the import,
     * and the few practices elsewhere (the NHS file is England's) are taken away, so this reads a few hundred rows
     * rather than summing the whole history.
     */
    public List<ListSizeTotal> totalsForEngland() {
        return jdbc.sql(ENGLAND).query(ListSizes::total).list();
    }

    /**
     * {@code offset 0} keeps the practices elsewhere as the outer loop, each looked up by its code: left to itself
     * the planner may read the whole history to join it to them.
     */
    static final String ENGLAND = """
            select e.extracted_on,
                   e.practices - coalesce(elsewhere.practices, 0) as practices,
                   e.patients - coalesce(elsewhere.patients, 0) as patients
            from practices.list_size_extract e
            left join (
                select l.extracted_on, count(*) as practices, sum(l.patients) as patients
                from practices.practice p
                cross join lateral (
                    select l.extracted_on, l.patients from practices.list_size l where l.ods_code = p.ods_code offset 0
                ) l
                where p.nation <> 'ENGLAND'
                group by l.extracted_on
            ) elsewhere on elsewhere.extracted_on = e.extracted_on
            where e.practices > coalesce(elsewhere.practices, 0)
            order by e.extracted_on
            """;

    private static ListSizeTotal total(ResultSet rs, int row) throws SQLException {
        return new ListSizeTotal(
                rs.getDate("extracted_on").toLocalDate(), rs.getInt("practices"), rs.getLong("patients"));
    }
}
