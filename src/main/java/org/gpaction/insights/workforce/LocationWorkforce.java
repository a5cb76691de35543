package org.gpaction.insights.workforce;

/**
 * How practices' workforce rows are added up as a sub-ICB location's: at import into the location's own row, and on
 * the pages for an LMC's practices of a location it shares, so that the two count alike. A practice whose GPs the file
 * does not give ('NA' or 'ND' for all its GPs or for its fully qualified GPs) adds neither its patients nor either of
 * its GP counts, so that the three are of the same practices, and is counted apart; its GP appointments are left out
 * by the same rule (see GpsOfPractices). Fully qualified GPs are only those of practices with patients: a practice
 * whose row records GPs and no list (a merged practice, its list counted under the practice it joined) would add GPs
 * to no patients; all its GPs still give appointments. Where no practice's GPs are known, the location's are not known
 * (null), not none.
 */
public final class LocationWorkforce {

    /**
     * Whether a practice's workforce row gives its GPs, of both kinds, its columns named bare: for a statement with no
     * other table whose columns share their names.
     */
    private static final String GPS_KNOWN = gpsKnownOf("");

    /** How many of the practices' workforce rows in the group do not give their GPs, its columns named bare. */
    public static final String PRACTICES_GPS_NOT_KNOWN =
            "count(*) filter (where not (" + GPS_KNOWN + ")) as practices_gps_not_known";

    /** The columns of a location's row, in the order of its table, added up from its practices' rows in the group. */
    public static final String OF_PRACTICES = """
            count(*) as practices,
            %1$s,
            coalesce(sum(total_patients) filter (where %2$s), 0) as total_patients,
            sum(gp_fte) filter (where %2$s) as gp_fte,
            case when count(*) filter (where %2$s) > 0
                 then coalesce(sum(qualified_fte) filter (where %2$s and total_patients > 0), 0)
            end as qualified_fte""".formatted(PRACTICES_GPS_NOT_KNOWN, GPS_KNOWN);

    /** Whether the practice's workforce row {@code alias} of a statement gives its GPs, of both kinds. */
    public static String gpsKnown(String alias) {
        return gpsKnownOf(alias + ".");
    }

    private static String gpsKnownOf(String columnPrefix) {
        return columnPrefix + "gp_fte is not null and " + columnPrefix + "qualified_fte is not null";
    }

    private LocationWorkforce() {}
}
