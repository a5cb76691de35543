package org.gpaction.events.registration;

import java.time.Instant;

/** Someone registered for an event: practice staff, described by their work role only. */
public record Registrant(
        long id,
        long eventId,
        String name,
        String email,
        TeamRole role,
        String practice,
        RegistrationStatus status,
        Instant requestedAt,
        Instant placedAt,
        Boolean attended) {

    @Override
    public String toString() {
        return "Registrant[id=" + id + ", event=" + eventId + ", status=" + status + "]";
    }
}
