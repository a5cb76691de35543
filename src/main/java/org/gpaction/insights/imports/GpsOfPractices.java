package org.gpaction.insights.imports;

import java.time.YearMonth;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * For each sub-ICB location whose month is added up from the practice-level appointments file, the GP appointments of
 * its practices whose workforce row gives them GPs and the GPs of its practices with a workforce row: so that each
 * practice's GP appointments are set against its own GPs, never against the GPs of another practice, nor a practice's
 * GPs left out because the workforce file files it under another location. Worked out when either file is imported for
 * the month, whichever comes first.
 */
@Repository
public class GpsOfPractices {

    private final JdbcClient jdbc;

    GpsOfPractices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void workOut(Collection<YearMonth> months) {
        jdbc.sql("""
                        update insights.appointments_area a
                        set gp_of_practices_with_gps = m.gp, gp_fte_of_practices = m.gp_fte
                        from (
                            select p.month, p.sub_icb_code, coalesce(sum(p.gp) filter (where w.gp_fte > 0), 0) as gp,
                                   sum(w.gp_fte) as gp_fte
                            from insights.appointments_practice p
                            left join insights.workforce_practice w on w.month = p.month and w.ods_code = p.ods_code
                            where p.month = any(cast(:months as date[]))
                            group by p.month, p.sub_icb_code
                        ) m
                        where a.month = m.month and a.sub_icb_code = m.sub_icb_code and a.source = 'PRACTICE'
                        """)
                .param(
                        "months",
                        months.stream().map(month -> month.atDay(1).toString()).toArray(String[]::new))
                .update();
    }
}
