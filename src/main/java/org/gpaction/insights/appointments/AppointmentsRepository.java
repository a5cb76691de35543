package org.gpaction.insights.appointments;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gpaction.insights.imports.Months;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The appointments figures per month and sub-ICB location, and per month and practice. */
@Repository
class AppointmentsRepository {

    /** The counts in the order {@link Figures} keeps them. */
    static final List<String> COUNTS = List.of(
            "appointments",
            "attended",
            "dna",
            "status_unknown",
            "gp",
            "other_staff",
            "hcp_unknown",
            "face_to_face",
            "telephone",
            "home_visit",
            "video_online",
            "mode_unknown",
            "same_day",
            "over_two_weeks",
            "wait_unknown");

    private static final String COUNT_COLUMNS = String.join(", ", COUNTS);
    private static final String COUNT_ARRAYS = String.join(
            ", ", COUNTS.stream().map(c -> "cast(:" + c + " as bigint[])").toList());
    private static final String COUNT_SUMS =
            String.join(", ", COUNTS.stream().map(c -> "sum(" + c + ")").toList());

    /** Months and sub-ICB locations, as pairs to compare {@code (month, sub_icb_code)} with; see {@link #areaMonths}. */
    private static final String AREA_MONTHS =
            "select * from unnest(cast(:areaMonths as date[]), cast(:areaCodes as text[]))";

    private static final RowMapper<AppointmentsFile.AreaMonth> AREA_MONTH = (rs, row) -> new AppointmentsFile.AreaMonth(
            YearMonth.from(rs.getDate("month").toLocalDate()), rs.getString("sub_icb_code"));

    private final JdbcClient jdbc;

    AppointmentsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a sub-ICB file did: how many earlier sub-ICB figures it replaced, and the months and areas it left as
     * their practices add up.
     */
    record AreasWritten(int replaced, Set<AppointmentsFile.AreaMonth> keptFromPractices) {}

    /**
     * Writes the sub-ICB file's figures over any earlier ones for the same month and area, except where the area's
     * figures were added up from a practice-level file, which the sub-ICB file does not outrank (see
     * {@link #replacePractices}): the area keeps adding up to its practices whichever file came first.
     */
    AreasWritten replaceAreas(Map<AppointmentsFile.AreaMonth, Figures> areas) {
        Set<AppointmentsFile.AreaMonth> kept = fromPractices(areas.keySet());
        List<AppointmentsFile.AreaMonth> keys =
                areas.keySet().stream().filter(key -> !kept.contains(key)).toList();
        Map<String, Object> areaMonths = areaMonths(keys);
        int replaced = jdbc.sql("""
                        delete from insights.appointments_area a
                        where a.month = any(cast(:months as date[])) and (a.month, a.sub_icb_code) in (%s)
                        """.formatted(AREA_MONTHS)).params(areaMonths).update();
        JdbcClient.StatementSpec insert =
                jdbc.sql("""
                        insert into insights.appointments_area (month, sub_icb_code, %s, source)
                        select *, 'SUB_ICB' from unnest(cast(:areaMonths as date[]), cast(:areaCodes as text[]), %s)
                        """.formatted(COUNT_COLUMNS, COUNT_ARRAYS)).params(areaMonths);
        bindCounts(insert, keys.stream().map(areas::get).toList()).update();
        return new AreasWritten(replaced, kept);
    }

    private Set<AppointmentsFile.AreaMonth> fromPractices(Collection<AppointmentsFile.AreaMonth> areas) {
        return jdbc.sql("""
                        select month, sub_icb_code from insights.appointments_area
                        where month = any(cast(:months as date[])) and (month, sub_icb_code) in (%s)
                          and source = 'PRACTICE'
                        """.formatted(AREA_MONTHS))
                .params(areaMonths(areas))
                .query(AREA_MONTH)
                .set();
    }

    /**
     * Writes the practice-level file's figures in place of the earlier practices of each month and sub-ICB location it
     * has, so a practice the file leaves out of one of them has left it, while the other locations of its months keep
     * theirs (a file may be of some areas only); and in place of a practice's earlier figures for the month under
     * another location, which it has moved from. The areas' figures of those months and locations, and of those the
     * practices moved from, are added up again from their practices; the sub-ICB file's figures for an area the
     * practices cover give way to them, as the practice-level file is the newer publication. Answers how many earlier
     * practice figures it replaced.
     */
    int replacePractices(Map<AppointmentsFile.PracticeMonth, AppointmentsFile.PracticeFigures> rows) {
        List<AppointmentsFile.PracticeMonth> keys = new ArrayList<>(rows.keySet());
        Set<AppointmentsFile.AreaMonth> areas = new LinkedHashSet<>();
        keys.forEach(key -> areas.add(
                new AppointmentsFile.AreaMonth(key.month(), rows.get(key).subIcbCode())));
        String[] practiceMonths = column(keys, key -> key.month().atDay(1).toString());
        String[] odsCodes = column(keys, AppointmentsFile.PracticeMonth::odsCode);
        int replaced =
                jdbc.sql("""
                        delete from insights.appointments_practice p
                        where p.month = any(cast(:months as date[])) and (p.month, p.sub_icb_code) in (%s)
                        """.formatted(AREA_MONTHS)).params(areaMonths(areas)).update();
        List<AppointmentsFile.AreaMonth> movedFrom = jdbc.sql("""
                        delete from insights.appointments_practice p
                        using unnest(cast(:months as date[]), cast(:codes as text[])) as i(month, ods_code)
                        where p.month = i.month and p.ods_code = i.ods_code
                        returning p.month, p.sub_icb_code
                        """)
                .param("months", practiceMonths)
                .param("codes", odsCodes)
                .query(AREA_MONTH)
                .list();
        replaced += movedFrom.size();
        areas.addAll(movedFrom);
        JdbcClient.StatementSpec insert = jdbc.sql("""
                        insert into insights.appointments_practice (month, ods_code, sub_icb_code, %s)
                        select * from unnest(cast(:months as date[]), cast(:codes as text[]),
                                             cast(:subIcbCodes as text[]), %s)
                        """.formatted(COUNT_COLUMNS, COUNT_ARRAYS))
                .param("months", practiceMonths)
                .param("codes", odsCodes)
                .param("subIcbCodes", column(keys, key -> rows.get(key).subIcbCode()));
        bindCounts(insert, keys.stream().map(key -> rows.get(key).figures()).toList())
                .update();
        addUpFromPractices(areas);
        return replaced;
    }

    /** The figures of these months of sub-ICB locations, where they have practices, as their practices add up. */
    private void addUpFromPractices(Set<AppointmentsFile.AreaMonth> areas) {
        Map<String, Object> areaMonths = areaMonths(areas);
        jdbc.sql("""
                        delete from insights.appointments_area a
                        where a.month = any(cast(:months as date[])) and (a.month, a.sub_icb_code) in (%s)
                          and (a.source = 'PRACTICE'
                               or exists (select 1 from insights.appointments_practice p
                                          where p.month = a.month and p.sub_icb_code = a.sub_icb_code))
                        """.formatted(AREA_MONTHS)).params(areaMonths).update();
        jdbc.sql("""
                        insert into insights.appointments_area (month, sub_icb_code, source, %s)
                        select month, sub_icb_code, 'PRACTICE', %s
                        from insights.appointments_practice
                        where month = any(cast(:months as date[])) and (month, sub_icb_code) in (%s)
                        group by month, sub_icb_code
                        """.formatted(COUNT_COLUMNS, COUNT_SUMS, AREA_MONTHS))
                .params(areaMonths)
                .update();
    }

    /**
     * The months and sub-ICB locations as {@link #AREA_MONTHS} takes them, in the order given (so figures bound beside
     * them line up), with their months apart: each statement reads only those months (the leading column of the
     * tables' keys), then the locations among them.
     */
    private static Map<String, Object> areaMonths(Collection<AppointmentsFile.AreaMonth> areas) {
        List<AppointmentsFile.AreaMonth> keys = List.copyOf(areas);
        return Map.of(
                "months",
                Months.firstDays(
                        areas.stream().map(AppointmentsFile.AreaMonth::month).collect(Collectors.toSet())),
                "areaMonths",
                column(keys, key -> key.month().atDay(1).toString()),
                "areaCodes",
                column(keys, AppointmentsFile.AreaMonth::subIcbCode));
    }

    Optional<Summary> area(String subIcbCode, YearMonth month) {
        return summary("appointments_area", "sub_icb_code", subIcbCode, month);
    }

    Optional<Summary> practice(String odsCode, YearMonth month) {
        return summary("appointments_practice", "ods_code", odsCode, month);
    }

    record Summary(long appointments, long attended, long dna, long gp, long faceToFace, long sameDay) {}

    private Optional<Summary> summary(String table, String codeColumn, String code, YearMonth month) {
        return jdbc.sql("""
                        select appointments, attended, dna, gp, face_to_face, same_day
                        from insights.%s where %s = :code and month = :month
                        """.formatted(table, codeColumn))
                .param("code", code)
                .param("month", month.atDay(1))
                .query((rs, row) -> new Summary(
                        rs.getLong("appointments"),
                        rs.getLong("attended"),
                        rs.getLong("dna"),
                        rs.getLong("gp"),
                        rs.getLong("face_to_face"),
                        rs.getLong("same_day")))
                .optional();
    }

    private static JdbcClient.StatementSpec bindCounts(JdbcClient.StatementSpec statement, List<Figures> figures) {
        for (int count = 0; count < COUNTS.size(); count++) {
            long[] values = new long[figures.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = figures.get(i).get(count);
            }
            statement = statement.param(COUNTS.get(count), values);
        }
        return statement;
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
