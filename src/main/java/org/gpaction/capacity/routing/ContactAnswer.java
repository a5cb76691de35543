package org.gpaction.capacity.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.gpaction.capacity.setup.Signpost;
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
     * practice does not count it, or before action 1 is in force one with no clinician at work) has {@code counted:
     * false} and no clinician. Either is still among the day's booked requests.
     */
    @Schema(
            name = "ContactBooked",
            requiredProperties = {"id", "outcome"})
    record Booked(
            long id,
            @Schema(allowableValues = "BOOKED") Outcome outcome,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    description = "Absent when not counted against a cap: an admin request the practice does not"
                            + " count, or, before action 1 is in force, a request when no clinician is at work (none works"
                            + " that day, or each is off)")
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
            requiredProperties = {"name", "kind", "phone", "openUntil", "openUntilDay"})
    record SignpostShown(
            String name,
            SignpostKind kind,
            String phone,

            @Schema(
                    types = {"string", "null"},
                    description = "When it closes next (UK time, HH:mm or HH:mm:ss), on the day openUntilDay gives:"
                            + " hours that run on into each other are followed to where the place actually closes"
                            + " (a night 18:30 to 08:00 followed by a day from 08:00 is open until that day's"
                            + " closing; 00:00 is midnight at the end of the day before openUntilDay's); \"24"
                            + " hours\" if it does not close within the week ahead (open around the clock, or"
                            + " 00:00 to 24:00 every day); null if it is closed now")
            String openUntil,

            @Schema(
                    types = {"string", "null"},
                    format = "date",
                    description = "The day (UK time) openUntil falls on: today, the next day for a place open"
                            + " overnight, or later when its hours run on; null when openUntil is \"24 hours\" or"
                            + " null")
            LocalDate openUntilDay) {}

    /** A place as the answer shows it at that moment (UK time): until when it is open, and on which day. */
    static SignpostShown shown(Signpost place, LocalDateTime at) {
        Optional<Signpost.Closing> closing = place.closingAfter(at.getDayOfWeek(), at.toLocalTime());
        return new SignpostShown(
                place.name(),
                place.kind(),
                place.phone(),
                closing.map(c -> c.never() ? "24 hours" : c.at().toString()).orElse(null),
                closing.filter(c -> !c.never())
                        .map(c -> at.toLocalDate().plusDays(c.daysAhead()))
                        .orElse(null));
    }

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
        List<SignpostShown> signposts =
                routed.signposts().stream().map(s -> shown(s, routed.at())).toList();
        if (routed.decision() instanceof Router.Diverted diverted) {
            return new Diverted(routed.id(), Outcome.DIVERTED, diverted.reason(), signposts);
        }
        return new Waitlisted(
                routed.id(), Outcome.WAITLISTED, ((Router.Waitlisted) routed.decision()).forDay(), signposts);
    }
}
