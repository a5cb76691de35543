package org.gpaction.actions.practice;

import java.time.Instant;
import java.time.LocalDate;

/** Something a practice recorded, as it recorded it. @param actionNumber null for a note about no one action */
public record TimelineEvent(
        Integer actionNumber, Kind kind, LocalDate effectiveOn, String detail, Instant recordedAt, String recordedBy) {

    public enum Kind {
        STARTED("Started"),
        STOPPED("Stopped"),
        DE_ESCALATED("De-escalated"),
        WITHDRAWN("Withdrawn before it started"),
        NOTE("Note");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
