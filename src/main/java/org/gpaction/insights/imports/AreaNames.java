package org.gpaction.insights.imports;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The names the NHS files give areas (epraccur has codes only): the file for the latest month names them, whatever
 * order the files are imported in, so that an earlier month's file (a CCG's name) does not rename an area as it was.
 */
@Repository
public class AreaNames {

    public enum Kind {
        ICB,
        SUB_ICB,
        REGION
    }

    private final JdbcClient jdbc;

    AreaNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An area's name as a file gives it for a month. */
    public record Named(String name, YearMonth month) {}

    /** Names the areas as a file for this month gives them, unless a file for a later month has named them. */
    public void remember(Kind kind, Map<String, String> namesByCode, YearMonth month) {
        Map<String, Named> named = new LinkedHashMap<>();
        namesByCode.forEach((code, name) -> named.put(code, new Named(name, month)));
        remember(kind, named);
    }

    /**
     * Names each area as a file gives it for its month, unless a file for a later month has named it; the same month
     * imported again names it again. A name of no known month (kept before months were, or from a payments file) gives
     * way to any.
     */
    public void remember(Kind kind, Map<String, Named> namesByCode) {
        if (namesByCode.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into insights.area_name (code, kind, name, named_for)
                        select code, :kind, name, named_for
                        from unnest(cast(:codes as text[]), cast(:names as text[]), cast(:months as date[]))
                            as i(code, name, named_for)
                        on conflict (code) do update
                            set kind = excluded.kind, name = excluded.name, named_for = excluded.named_for
                        where (area_name.named_for is null or area_name.named_for <= excluded.named_for)
                          and (area_name.kind, area_name.name, area_name.named_for)
                              is distinct from (excluded.kind, excluded.name, excluded.named_for)
                        """)
                .param("kind", kind.name())
                .param("codes", namesByCode.keySet().toArray(String[]::new))
                .param("names", namesByCode.values().stream().map(Named::name).toArray(String[]::new))
                .param(
                        "months",
                        namesByCode.values().stream()
                                .map(named -> named.month().atDay(1).toString())
                                .toArray(String[]::new))
                .update();
    }
}
