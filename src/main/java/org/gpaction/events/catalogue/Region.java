package org.gpaction.events.catalogue;

/**
 * The seven NHS England regions, for events that are not one LMC's, each with the code ODS gives it as a practice's
 * national grouping: an LMC's event with no region of its own is listed under the regions of the LMC's practices.
 */
public enum Region {
    NORTH_EAST_AND_YORKSHIRE("North East and Yorkshire", "Y63"),
    NORTH_WEST("North West", "Y62"),
    MIDLANDS("Midlands", "Y60"),
    EAST_OF_ENGLAND("East of England", "Y61"),
    LONDON("London", "Y56"),
    SOUTH_EAST("South East", "Y59"),
    SOUTH_WEST("South West", "Y58");

    private final String label;
    private final String nationalGrouping;

    Region(String label, String nationalGrouping) {
        this.label = label;
        this.nationalGrouping = nationalGrouping;
    }

    public String label() {
        return label;
    }

    /** The region's code in the national grouping column of the ODS practice file, such as Y56 for London. */
    public String nationalGrouping() {
        return nationalGrouping;
    }
}
