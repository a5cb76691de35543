package org.gpaction.insights.imports;

import java.time.YearMonth;
import java.util.Collection;
import org.gpaction.insights.workforce.LocationWorkforce;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The GP figures of sub-ICB locations' months that their workforce alone does not give, worked out each time the
 * month's appointments (either file) or its workforce are imported. For a location whose month is added
 * up from the practice-level appointments file, the GP appointments of its practices whose workforce row gives them
 * GPs and the GPs of its practices whose workforce row gives them: so that each practice's GP appointments are set
 * against its own GPs, never against the GPs of another practice, nor a practice's GPs left out because the workforce
 * file files it under another location. For a location whose month is kept from the sub-ICB file, the GPs of its
 * workforce's practices that are counted so with their appointments in another location, which its own GPs leave out,
 * so that no GP is counted twice; only those the file gives, as its own GPs are only those. (That last filter keeps
 * the one rule of LocationWorkforce; it cannot change a figure, as such a location already has a practice whose GPs are
 * not known and is left out whole.)
 */
@Repository
public class GpsOfPractices {

    /**
     * Practices' GP figures, added up from their appointments {@code a} beside their workforce rows {@code w}: the GP
     * appointments of those whose workforce gives them GPs, and the GPs of those whose workforce row gives them (null
     * when none does), so that each practice's GP appointments are set against its own GPs only. A practice whose GPs
     * the file does not give, of either kind, adds neither, as it adds nothing to its location's workforce (see
     * LocationWorkforce).
     */
    public static final String PRACTICE_GPS = """
            sum(a.gp) filter (where %1$s and w.gp_fte > 0) as gp_with_workforce,
            sum(w.gp_fte) filter (where %1$s) as gp_fte""".formatted(LocationWorkforce.gpsKnown("w"));

    private final JdbcClient jdbc;

    GpsOfPractices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void workOut(Collection<YearMonth> months) {
        String[] firstDays = Months.firstDays(months);
        jdbc.sql("""
                        update insights.appointments_area area
                        set gp_of_practices_with_gps = coalesce(m.gp_with_workforce, 0), gp_fte_of_practices = m.gp_fte
                        from (
                            select a.month, a.sub_icb_code, %s
                            from insights.appointments_practice a
                            left join insights.workforce_practice w on w.month = a.month and w.ods_code = a.ods_code
                            where a.month = any(cast(:months as date[]))
                            group by a.month, a.sub_icb_code
                        ) m
                        where area.month = m.month and area.sub_icb_code = m.sub_icb_code and area.source = 'PRACTICE'
                        """.formatted(PRACTICE_GPS)).param("months", firstDays).update();
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
                            where w.month = any(cast(:months as date[])) and %s
                            group by w.month, w.sub_icb_code
                        ) m
                        where a.month = m.month and a.sub_icb_code = m.sub_icb_code and a.source = 'SUB_ICB'
                        """.formatted(LocationWorkforce.gpsKnown("w")))
                .param("months", firstDays)
                .update();
    }
}
