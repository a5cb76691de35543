package org.gpaction.insights.imports;

import java.time.YearMonth;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The GP figures of sub-ICB locations' months that their workforce alone does not give, worked out each time the
 * month's appointments (either file) or its workforce are imported. For a location whose month is added
 * up from the practice-level appointments file, the GP appointments of its practices whose workforce row gives them
 * GPs and the GPs of its practices with a workforce row: so that each practice's GP appointments are set against its
 * own GPs, never against the GPs of another practice, nor a practice's GPs left out because the workforce file files it
 * under another location. For a location whose month is kept from the sub-ICB file, the GPs of its workforce's
 * practices that are counted so with their appointments in another location, which its own GPs leave out, so that no
 * GP is counted twice.
 */
@Repository
public class GpsOfPractices {

    private final JdbcClient jdbc;

    GpsOfPractices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void workOut(Collection<YearMonth> months) {
        String[] firstDays = months.stream().map(month -> month.atDay(1).toString()).toArray(String[]::new);
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
                        """).param("months", firstDays).update();
        jdbc.sql("""
                        update insights.appointments_area
                        set gp_fte_counted_with_practices = null
                        where month = any(cast(:months as date[])) and source = 'SUB_ICB'
                        """).param("months", firstDays).update();
        jdbc.sql("""
                        update insights.appointments_area a
                        set gp_fte_counted_with_practices = m.gp_fte
                        from (
                            select w.month, w.sub_icb_code, sum(w.gp_fte) as gp_fte
                            from insights.workforce_practice w
                            join insights.appointments_practice p on p.month = w.month and p.ods_code = w.ods_code
                            where w.month = any(cast(:months as date[]))
                            group by w.month, w.sub_icb_code
                        ) m
                        where a.month = m.month and a.sub_icb_code = m.sub_icb_code and a.source = 'SUB_ICB'
                        """).param("months", firstDays).update();
    }
}
