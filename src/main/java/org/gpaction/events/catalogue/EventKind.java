package org.gpaction.events.catalogue;

public enum EventKind {
    ROADSHOW("Roadshow"),
    WEBINAR("Webinar");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
