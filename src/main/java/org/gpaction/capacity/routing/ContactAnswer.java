package org.gpaction.capacity.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.gpaction.capacity.setup.SignpostKind;

/**
 * The answer to a request recorded through the API, one shape per outcome, told apart by {@code outcome}. Other
 * systems are written against these shapes, so a field is left out, not sent as null, where the shape has none.
 */
@Schema(
        name = "ContactOutcome",
        description = "The one outcome a request was given",
        oneOf = {ContactAnswer.Booked.class, ContactAnswer.Diverted.class, ContactAnswer.Waitlisted.class},
        discriminatorProperty = "outcome",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "BOOKED", schema = ContactAnswer.Booked.class),
            @DiscriminatorMapping(value = "DIVERTED", schema = ContactAnswer.Diverted.class),
            @DiscriminatorMapping(value = "WAITLISTED", schema = ContactAnswer.Waitlisted.class)
        })
sealed interface ContactAnswer permits ContactAnswer.Booked, ContactAnswer.Diverted, ContactAnswer.Waitlisted {

    /**
     * Booked as contact n of a clinician's cap; a request that does not count against a cap (admin, where the
     * practice does not count it) has {@code counted: false} and no clinician.
     */
    @Schema(
            name = "ContactBooked",
            requiredProperties = {"id", "outcome"})
    record Booked(
            long id,
            @Schema(allowableValues = "BOOKED") Outcome outcome,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Absent when not counted")
            BookedWith clinician,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "This contact's number in the clinician's day; absent when not counted")
            Integer contactNumber,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "The clinician's cap that day; absent when not counted")
            Integer cap,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Present, and false, only when the request counts against no cap")
            Boolean counted)
            implements ContactAnswer {}

    @Schema(
            name = "ContactBookedWith",
            requiredProperties = {"id", "label"})
    record BookedWith(long id, String label) {}

    @Schema(
            name = "ContactDiverted",
            requiredProperties = {"id", "outcome", "reason", "signposts"})
    record Diverted(
            long id,
            @Schema(allowableValues = "DIVERTED") Outcome outcome,
            DiversionReason reason,
            List<SignpostShown> signposts)
            implements ContactAnswer {}

    @Schema(
            name = "ContactWaitlisted",
            requiredProperties = {"id", "outcome", "forDay", "signposts"})
    record Waitlisted(
            long id,
            @Schema(allowableValues = "WAITLISTED") Outcome outcome,

            @Schema(description = "The working day whose waiting list it is on")
            LocalDate forDay,

            @Schema(description = "Where else the patient can go now")
            List<SignpostShown> signposts)
            implements ContactAnswer {}

    /** Where the patient was sent, open ones first. */
    @Schema(
            name = "SignpostShown",
            requiredProperties = {"name", "kind", "phone", "openUntil"})
    record SignpostShown(
            String name,
            SignpostKind kind,
            String phone,

            @Schema(
                    types = {"string", "null"},
                    description = "When it closes next (UK time, HH:mm or HH:mm:ss): the next morning's for a place"
                            + " open overnight; \"24 hours\" if it never closes, null if it is closed now")
            String openUntil) {}

    static ContactAnswer of(Routing.Routed routed) {
        if (routed.decision() instanceof Router.Booked) {
            return routed.clinician() == null
                    ? new Booked(routed.id(), Outcome.BOOKED, null, null, null, false)
                    : new Booked(
                            routed.id(),
                            Outcome.BOOKED,
                            new BookedWith(
                                    routed.clinician().id(), routed.clinician().label()),
                            routed.contactNumber(),
                            routed.clinician().cap(),
                            null);
        }
        List<SignpostShown> signposts = routed.signposts().stream()
                .map(s -> new SignpostShown(
                        s.name(),
                        s.kind(),
                        s.phone(),
                        s.openUntil(routed.at().getDayOfWeek(), routed.at().toLocalTime())
                                .map(t -> t.equals(LocalTime.MAX) ? "24 hours" : t.toString())
                                .orElse(null)))
                .toList();
        if (routed.decision() instanceof Router.Diverted diverted) {
            return new Diverted(routed.id(), Outcome.DIVERTED, diverted.reason(), signposts);
        }
        return new Waitlisted(
                routed.id(), Outcome.WAITLISTED, ((Router.Waitlisted) routed.decision()).forDay(), signposts);
    }
}
