package org.gpaction.events.hosting;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.catalogue.Region;
import org.gpaction.events.registration.Registrations;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hosts publish events and see how their places stand through the API. {@code POST /api/events} shares its path with
 * the public list, so the caller is checked here, before the body is read.
 */
@RestController
@JsonApi
class HostingApiController {

    static final int MAX_BODY = 32 * 1024;

    record EventRequest(
            String title,
            String kind,
            String lmc,
            String region,
            String venue,
            String address,
            String joiningLink,

            @Schema(
                    description =
                            "ISO-8601; without an offset it is UK time, and a time the clocks skip or pass twice is refused",
                    example = "2024-07-02T19:00:00+01:00")
            String startsAt,

            @Schema(
                    description =
                            "ISO-8601; without an offset it is UK time, and a time the clocks skip or pass twice is refused",
                    example = "2024-07-02T21:00:00+01:00")
            String endsAt,

            Integer capacity,
            String description,
            Long ballotId,
            String campaign) {}

    record HostedEventView(
            long id,
            String title,
            String kind,
            String lmc,
            String region,
            String venue,
            String address,
            String joiningLink,
            Instant startsAt,
            Instant endsAt,
            int capacity,
            String description,
            Long ballotId,
            String campaign,
            String status,
            int confirmed,
            int waiting,
            int pending,
            int attended) {}

    private final EventAccess access;
    private final EventChanges changes;
    private final Registrations registrations;

    HostingApiController(EventAccess access, EventChanges changes, Registrations registrations) {
        this.access = access;
        this.changes = changes;
        this.registrations = registrations;
    }

    @PostMapping("/api/events")
    @Operation(
            summary = "Publish an event (administrators; LMC officers for their own LMC)",
            description = "kind is ROADSHOW (venue and address needed) or WEBINAR (joiningLink needed, sent only to"
                    + " confirmed registrants the day before); lmc or region (one of the NHS England regions, e.g."
                    + " LONDON) names the host. kind and region are taken in any case (webinar, South West). 400"
                    + " names each field to fix, and any field sent that the body does not take (the fields an"
                    + " answer adds, such as id or confirmed, included): nothing is published.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Published; Location gives its address",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = HostedEventView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing; each is named, lmc for an LMC officer's lmc that is"
                                + " not their own LMC and for an lmc the practices directory does not know"),
                @ApiResponse(responseCode = "403", description = "Not allowed to host events")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EventRequest.class)))
    ResponseEntity<HostedEventView> publish(@AuthenticationPrincipal StaffPrincipal staff, HttpServletRequest request) {
        access.toHostAnyByApi(staff, request);
        EventRequest body = JsonBodies.readExactly(request, EventRequest.class, MAX_BODY, Map.of());
        Event event = changes.publish(staff, details(body));
        return ResponseEntity.created(URI.create("/api/events/" + event.id())).body(view(event));
    }

    @GetMapping("/api/events/{id}")
    @Operation(summary = "An event with how its places stand (its hosts)")
    HostedEventView get(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id) {
        return view(access.toHost(staff, id));
    }

    private HostedEventView view(Event event) {
        Registrations.Counts counts = registrations.counts(event.id());
        return new HostedEventView(
                event.id(),
                event.title(),
                event.kind().name(),
                event.lmc(),
                event.region() == null ? null : event.region().name(),
                event.venue(),
                event.address(),
                event.joiningLink(),
                event.startsAt(),
                event.endsAt(),
                event.capacity(),
                event.description(),
                event.ballotId(),
                event.campaign(),
                event.cancelled() ? "CANCELLED" : "SCHEDULED",
                counts.confirmed(),
                counts.waiting(),
                counts.pending(),
                counts.attended());
    }

    private static EventDetails details(EventRequest body) {
        EventKind kind = named(EventKind.class, body.kind());
        Region region = named(Region.class, body.region());
        Map<String, String> unknown = new LinkedHashMap<>();
        if (body.kind() != null && !body.kind().isBlank() && kind == null) {
            unknown.put("kind", oneOf("kind", EventKind.values()));
        }
        if (body.region() != null && !body.region().isBlank() && region == null) {
            unknown.put("region", oneOf("region", Region.values()));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidEvent(unknown);
        }
        return new EventDetails(
                body.title(),
                kind,
                body.lmc(),
                region,
                body.venue(),
                body.address(),
                body.joiningLink(),
                instant("startsAt", body.startsAt()),
                instant("endsAt", body.endsAt()),
                body.capacity(),
                body.description(),
                body.ballotId(),
                body.campaign());
    }

    /**
     * A kind or region by its name in any case, spaces or hyphens for its underscores ({@code webinar},
     * {@code South West}), as the list's filters and a registration's role take them; null for none of them, a tab or
     * line break inside included.
     */
    private static <E extends Enum<E>> E named(Class<E> type, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String wanted = text.strip().replaceAll("[ -]+", "_").toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
                .filter(value -> value.name().equals(wanted))
                .findFirst()
                .orElse(null);
    }

    private static String oneOf(String field, Enum<?>[] values) {
        return field + " is one of " + Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                LocalDateTime local = LocalDateTime.parse(value);
                EventForm.notOneInstant(local).ifPresent(problem -> {
                    throw InvalidEvent.of(field, problem + withOffset(local));
                });
                return local.atZone(UkTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw InvalidEvent.of(field, field + " must be a date and time like 2024-07-02T19:00:00+01:00");
            }
        }
    }

    /** How to say which instant is meant: either offset of a time the clocks show twice, else an example. */
    private static String withOffset(LocalDateTime local) {
        List<ZoneOffset> offsets = UkTime.ZONE.getRules().getValidOffsets(local);
        if (offsets.size() == 2) {
            return ", or give its offset: " + local.atOffset(offsets.get(0)) + " the first time, "
                    + local.atOffset(offsets.get(1)) + " the second";
        }
        return ", or give the offset, like 2024-07-02T19:00:00+01:00";
    }
}
