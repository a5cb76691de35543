package org.gpaction.capacity.routing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A practice's day as {@code GET /api/practices/{ods}/capacity} answers it. */
@Schema(
        name = "CapacityDay",
        requiredProperties = {
            "day",
            "status",
            "capEnforced",
            "clinicians",
            "booked",
            "diverted",
            "waitlisted",
            "remaining",
            "urgentReserve",
            "nhs111Booked",
            "nhs111Allowance",
            "reopensAt"
        })
record DayAnswer(
        LocalDate day,
        CapacityStatus status,

        @Schema(description = "Whether action 1 is in force, so the cap turns requests away")
        boolean capEnforced,

        List<ClinicianDay> clinicians,

        @Schema(
                description = "Requests booked, patients booked from the waiting list left out (GET"
                        + " /api/practices/{ods}/waiting-list shows them)")
        int booked,

        int diverted,
        int waitlisted,

        @Schema(description = "Contacts left today across the clinicians, the urgent reserve included")
        int remaining,

        int urgentReserve,
        int nhs111Booked,
        int nhs111Allowance,

        @Schema(
                types = {"string", "null"},
                format = "date-time",
                description = "When a full, closed or paused practice opens again; null when open")
        Instant reopensAt) {

    @Schema(
            name = "CapacityClinicianDay",
            requiredProperties = {"id", "label", "cap", "used", "status"})
    record ClinicianDay(
            long id,
            String label,

            @Schema(
                    description = "The cap the day holds: the clinician's usual cap or the one set for the day, and,"
                            + " while action 1 is in force, no more than action 1's daily contact limit on the menu"
                            + " in force")
            int cap,

            int used,
            CapacityStatus status) {}

    static DayAnswer of(DayViews.DayView view) {
        return new DayAnswer(
                view.day(),
                view.status(),
                view.capEnforced(),
                view.clinicians().stream()
                        .map(c -> new ClinicianDay(c.id(), c.label(), c.cap(), c.used(), c.status()))
                        .toList(),
                view.booked(),
                view.diverted(),
                view.waitlisted(),
                view.remaining(),
                view.urgentReserve(),
                view.nhs111Booked(),
                view.nhs111Allowance(),
                view.reopensAt());
    }
}
