package org.gpaction.insights.imports;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The names the NHS files give areas (epraccur has codes only); the latest file imported names them. */
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

    public void remember(Kind kind, Map<String, String> namesByCode) {
        if (namesByCode.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into insights.area_name (code, kind, name)
                        select code, :kind, name from unnest(cast(:codes as text[]), cast(:names as text[])) as i(code, name)
                        on conflict (code) do update set kind = excluded.kind, name = excluded.name
                        where (area_name.kind, area_name.name) is distinct from (excluded.kind, excluded.name)
                        """)
                .param("kind", kind.name())
                .param("codes", namesByCode.keySet().toArray(String[]::new))
                .param("names", namesByCode.values().toArray(String[]::new))
                .update();
    }
}
