package org.gpaction.events.catalogue;

/** The seven NHS England regions, for events that are not one LMC's. */
public enum Region {
    NORTH_EAST_AND_YORKSHIRE("North East and Yorkshire"),
    NORTH_WEST("North West"),
    MIDLANDS("Midlands"),
    EAST_OF_ENGLAND("East of England"),
    LONDON("London"),
    SOUTH_EAST("South East"),
    SOUTH_WEST("South West");

    private final String label;

    Region(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
