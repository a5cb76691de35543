package org.gpaction.insights.funding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Funding figures from the payments files, summed over all practices in a year's file or those of an area, and the
 * swingometer: what an uplift on the global sum is worth once prices have risen since 2018/19.
 */
@Service
public class Funding {

    static final int CPI_BASE_YEAR = 2018;
    static final int CPI_UPLIFT_YEAR = 2024;
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    /**
     * A year's figures for a set of practices.
     *
     * @param globalSumPerWeightedPatient null when the practices have no weighted patients
     */
    public record YearFigures(
            String year,
            int practices,
            BigDecimal registeredPatients,
            BigDecimal weightedPatients,
            BigDecimal globalSum,
            BigDecimal globalSumPerWeightedPatient) {}

    /**
     * A year's figures over all practices and over the GMS practices paid a global sum that year (PMS ones are paid
     * mostly outside it; a GMS practice paid none, closed or merged before the year or paid otherwise, would add weighted
     * patients to the figure per weighted patient and nothing to what was paid).
     */
    public record YearRow(YearFigures all, YearFigures gms) {}

    /**
     * What an uplift on the 2024/25 global sum per weighted patient gives, against 2018/19 once prices have risen.
     *
     * @param realIn2018Prices the offered figure in 2018/19 pounds (deflated by CPI 2018 to CPI 2024)
     * @param needed the 2018/19 figure carried to 2024/25 prices: what would have kept its value
     * @param shortfallPerPatient needed minus offered, or zero when the offer keeps pace
     * @param practice the chosen practice, if any, with its weighted patients in the latest year imported that has it
     * @param cpiRatio CPI 2024 over CPI 2018 to four places, for reading; the figures use the unrounded ratio
     * @param cpiBaseIndex CPI in 2018, the ratio's divisor
     * @param cpiUpliftIndex CPI in 2024: the page's slider works out the ratio from the two as the server does
     */
    public record Swing(
            BigDecimal upliftPercent,
            BigDecimal base,
            BigDecimal offered,
            BigDecimal baseline2018,
            BigDecimal cpiRatio,
            BigDecimal realIn2018Prices,
            BigDecimal realChangePercent,
            BigDecimal needed,
            BigDecimal shortfallPerPatient,
            String latestYear,
            Long averagePracticeWeightedPatients,
            BigDecimal averagePracticeShortfall,
            Long englandWeightedPatients,
            BigDecimal englandShortfall,
            PracticeShortfall practice,
            BigDecimal cpiBaseIndex,
            BigDecimal cpiUpliftIndex) {}

    /**
     * @param year the payments year its weighted patients come from: the latest imported that gives the practice
     *     weighted patients, older than {@link Swing#latestYear} when the practice is not in the latest file or is
     *     listed there with none (closed or merged since)
     */
    public record PracticeShortfall(
            String odsCode, String name, long weightedPatients, BigDecimal shortfall, String year) {

        /** Whether its weighted patients are from a year before the latest imported. */
        public boolean olderThan(String latestYear) {
            return !year.equals(latestYear);
        }
    }

    /** Why the swingometer cannot be worked out, in words for the page. */
    public static final class CannotSwing extends RuntimeException {

        private final String field;

        CannotSwing(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The input to change: uplift, practice, cpi when the series lacks a year, reference when a figure is wrong. */
        public String field() {
            return field;
        }
    }

    private final JdbcClient jdbc;
    private final ReferenceFigures references;

    Funding(JdbcClient jdbc, ReferenceFigures references) {
        this.jdbc = jdbc;
        this.references = references;
    }

    /**
     * Each year a step down the primary key from the one before (a loose index scan, which PostgreSQL does not make of
     * "select distinct year" itself): asked that way, it read every payment, some 6,500 rows a year, on every funding
     * page, swingometer and funding API call.
     */
    static final String YEARS = """
            with recursive imported(year) as (
                (select year from insights.payment order by year limit 1)
                union all
                select (select p.year from insights.payment p where p.year > imported.year order by p.year limit 1)
                from imported
                where imported.year is not null
            )
            select year from imported where year is not null order by year
            """;

    public List<String> years() {
        return jdbc.sql(YEARS).query(String.class).list();
    }

    /**
     * A year's figures over the practices in the file, or only those named, or of them only the GMS practices paid a
     * global sum ({@code gmsOnly}); empty if the year is not imported. Every
     * practice's and some practices' are statements of their own, never one with a flag bound to choose between them:
     * on the plan PostgreSQL keeps for a statement prepared on the server (a generic plan, made without the flag or the
     * practices), an area's figures read every practice's payments for the year. Those named are each looked up by
     * year and code in turn (offset 0 keeps the lookup a subquery run for each): matched against the list in one scan
     * instead, a generic plan read the whole year to find them. Whether the year is imported is its first practice by
     * code, one step down the key: asked as "exists", a generic plan read the table from the start until it met the
     * year, every earlier year's payments first.
     */
    public Optional<YearFigures> year(String year, Collection<String> odsCodes, boolean gmsOnly) {
        String payments = odsCodes == null
                ? "insights.payment"
                : "(select distinct unnest(cast(:codes as text[])) as code) asked cross join lateral"
                        + " (select * from insights.payment where year = :year and ods_code = asked.code offset 0) p";
        var statement = jdbc.sql("""
                        select count(*) as practices, coalesce(sum(registered_patients), 0) as registered,
                               coalesce(sum(weighted_patients), 0) as weighted,
                               coalesce(sum(global_sum), 0) as global_sum,
                               (select min(ods_code) from insights.payment where year = :year) is not null as imported
                        from %s
                        where year = :year
                          and (not cast(:gms as boolean) or (contract_type = 'GMS' and global_sum > 0))
                        """.formatted(payments)).param("year", year).param("gms", gmsOnly);
        return (odsCodes == null ? statement : statement.param("codes", odsCodes.toArray(String[]::new)))
                .query((rs, row) -> rs.getBoolean("imported")
                        ? Optional.of(figures(
                                year,
                                rs.getInt("practices"),
                                rs.getBigDecimal("registered"),
                                rs.getBigDecimal("weighted"),
                                rs.getBigDecimal("global_sum")))
                        : Optional.<YearFigures>empty())
                .single();
    }

    /**
     * Every year imported, oldest first, over all practices (or those named) and over the GMS practices of them paid a
     * global sum.
     */
    public List<YearRow> byYear(Collection<String> odsCodes) {
        return years().stream()
                .map(year -> new YearRow(
                        year(year, odsCodes, false).orElseThrow(),
                        year(year, odsCodes, true).orElseThrow()))
                .toList();
    }

    public Swing swing(BigDecimal upliftPercent, String odsCode) {
        if (upliftPercent.compareTo(new BigDecimal("-50")) < 0 || upliftPercent.compareTo(new BigDecimal("100")) > 0) {
            throw new CannotSwing("uplift", "Enter an uplift between -50% and 100%");
        }
        BigDecimal base = references.value(ReferenceFigures.GLOBAL_SUM_2024_25);
        ReferenceFigures.Figure baselineFigure =
                references.figure(ReferenceFigures.GLOBAL_SUM_2018_19).orElseThrow();
        BigDecimal baseline = baselineFigure.value();
        if (baseline.signum() <= 0) {
            // Refused when entered; this is for a figure saved before it was.
            throw new CannotSwing(
                    "reference",
                    "The reference figure \"" + baselineFigure.label() + "\" is " + baseline.toPlainString()
                            + " and the swingometer divides by it: an administrator can correct it on the reference"
                            + " figures page");
        }
        Map<Integer, BigDecimal> cpi = references.cpiByYear();
        if (!cpi.containsKey(CPI_BASE_YEAR) || !cpi.containsKey(CPI_UPLIFT_YEAR)) {
            throw new CannotSwing(
                    "cpi",
                    "The CPI series has no annual figure for " + CPI_BASE_YEAR + " or " + CPI_UPLIFT_YEAR
                            + ": an administrator can add it on the reference figures page");
        }
        BigDecimal cpiRatio = cpi.get(CPI_UPLIFT_YEAR).divide(cpi.get(CPI_BASE_YEAR), PRECISION);
        BigDecimal offered = base.multiply(BigDecimal.ONE.add(upliftPercent.movePointLeft(2), PRECISION), PRECISION);
        BigDecimal real = offered.divide(cpiRatio, PRECISION);
        BigDecimal realChange =
                real.divide(baseline, PRECISION).subtract(BigDecimal.ONE).movePointRight(2);
        BigDecimal needed = baseline.multiply(cpiRatio, PRECISION);
        BigDecimal shortfall = needed.subtract(offered).max(BigDecimal.ZERO);
        String latest = years().stream().reduce((a, b) -> b).orElse(null);
        Long englandWeighted = null;
        Long averageWeighted = null;
        PracticeShortfall practice = null;
        if (latest != null) {
            YearFigures england = year(latest, null, false).orElseThrow();
            englandWeighted =
                    england.weightedPatients().setScale(0, RoundingMode.HALF_UP).longValueExact();
            // A row with no weighted patients (a practice closed or merged during the year) is not a practice's list.
            averageWeighted = jdbc.sql("""
                            select round(avg(weighted_patients))::bigint from insights.payment
                            where year = :year and weighted_patients > 0
                            """)
                    .param("year", latest)
                    .query(Long.class)
                    .optional()
                    .orElse(null);
            if (odsCode != null) {
                PracticeYear latestOfPractice = latestYearOf(odsCode)
                        .orElseThrow(() -> new CannotSwing(
                                "practice",
                                odsCode + " is not in any payments file imported: choose another practice"));
                long weighted = latestOfPractice
                        .weightedPatients()
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact();
                practice = new PracticeShortfall(
                        latestOfPractice.odsCode(),
                        latestOfPractice.name(),
                        weighted,
                        money(shortfall.multiply(BigDecimal.valueOf(weighted))),
                        latestOfPractice.year());
            }
        }
        return new Swing(
                upliftPercent,
                base,
                money(offered),
                baseline,
                cpiRatio.setScale(4, RoundingMode.HALF_UP),
                money(real),
                realChange.setScale(1, RoundingMode.HALF_UP),
                money(needed),
                money(shortfall),
                latest,
                averageWeighted,
                averageWeighted == null ? null : money(shortfall.multiply(BigDecimal.valueOf(averageWeighted))),
                englandWeighted,
                englandWeighted == null ? null : money(shortfall.multiply(BigDecimal.valueOf(englandWeighted))),
                practice,
                cpi.get(CPI_BASE_YEAR),
                cpi.get(CPI_UPLIFT_YEAR));
    }

    /**
     * A practice's row in the latest payments year that gives it weighted patients, or in the latest that has it when
     * none does: a file still lists a practice that closed before its year began, with none.
     */
    record PracticeYear(String odsCode, String name, BigDecimal weightedPatients, String year) {}

    /**
     * Found through the index by ODS code: the primary key leads with the year, which PostgreSQL 15 cannot skip
     * through, so on it the practice's rows were looked for among every year's.
     */
    static final String LATEST_YEAR_OF = """
            select ods_code, practice_name, weighted_patients, year from insights.payment
            where ods_code = :ods
            order by weighted_patients > 0 desc, year desc limit 1
            """;

    Optional<PracticeYear> latestYearOf(String odsCode) {
        return jdbc.sql(LATEST_YEAR_OF)
                .param("ods", odsCode)
                .query((rs, row) -> new PracticeYear(
                        rs.getString("ods_code"),
                        rs.getString("practice_name"),
                        rs.getBigDecimal("weighted_patients"),
                        rs.getString("year")))
                .optional();
    }

    private static YearFigures figures(
            String year, int practices, BigDecimal registered, BigDecimal weighted, BigDecimal globalSum) {
        BigDecimal perPatient = weighted.signum() == 0 ? null : globalSum.divide(weighted, 2, RoundingMode.HALF_UP);
        return new YearFigures(year, practices, registered, weighted, globalSum, perPatient);
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
