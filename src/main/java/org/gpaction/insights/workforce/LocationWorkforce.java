package org.gpaction.insights.workforce;

/**
 * How practices' workforce rows are added up as a sub-ICB location's: at import into the location's own row, and on
 * the pages for an LMC's practices of a location it shares, so that the two count alike. A practice whose GPs the file
 * does not give ('NA' or 'ND' for all its GPs or for its fully qualified GPs) adds neither its patients nor either of
 * its GP counts, so that the three are of the same practices, and is counted apart. Fully qualified GPs are only those
 * of practices with patients: a practice whose row records GPs and no list (a merged practice, its list counted under
 * the practice it joined) would add GPs to no patients; all its GPs still give appointments. Where no practice's GPs
 * are known, the location's are not known (null), not none.
 */
public final class LocationWorkforce {

    /** The columns of a location's row, in the order of its table, added up from its practices' rows in the group. */
    public static final String OF_PRACTICES = """
            count(*) as practices,
            count(*) filter (where gp_fte is null or qualified_fte is null) as practices_gps_not_known,
            coalesce(sum(total_patients) filter (where gp_fte is not null and qualified_fte is not null), 0)
                as total_patients,
            sum(gp_fte) filter (where qualified_fte is not null) as gp_fte,
            case when count(*) filter (where gp_fte is not null and qualified_fte is not null) > 0
                 then coalesce(sum(qualified_fte) filter (where gp_fte is not null and total_patients > 0), 0)
            end as qualified_fte""";

    private LocationWorkforce() {}
}
