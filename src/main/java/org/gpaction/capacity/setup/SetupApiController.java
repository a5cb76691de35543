package org.gpaction.capacity.setup;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.IfMatch;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A practice's safe working set-up through the API: read by its staff, replaced whole by its managers. GET gives the
 * set-up's version as its ETag, and a PUT with If-Match saves only over that version, so that a script never
 * overwrites unseen a change saved after it read the settings.
 */
@RestController
@JsonApi
class SetupApiController {

    static final int MAX_BODY = 256 * 1024;

    record ClinicianView(
            long id,
            String label,
            String role,

            @Schema(
                    description = "The cap the practice set. While the practice has action 1 in force, a clinician"
                            + " takes no more than action 1's daily contact limit on the menu in force, which may"
                            + " have been lowered below this since it was set: GET /api/practices/{ods}/capacity"
                            + " gives the cap each day holds")
            int dailyCap,

            List<DayOfWeek> workingDays) {}

    @Schema(
            description = "Hours on one day, UK time, hh:mm. A place open until midnight closes at 24:00, the end of"
                    + " that day, whether it was given as 24:00 or 00:00, so that hours sent back as they were read"
                    + " mean the same")
    record HoursView(String opens, String closes) {}

    record SignpostView(String name, String kind, String address, String phone, Map<DayOfWeek, HoursView> hours) {}

    record SetupView(
            String odsCode,
            List<ClinicianView> clinicians,
            Map<DayOfWeek, HoursView> coreHours,
            boolean countAdmin,
            int urgentReserve,
            String whenFull,

            @Schema(
                    types = {"string", "null"},
                    format = "date")
            LocalDate icbAgreedClosureOn,

            String onlineConsultationUrl,
            List<SignpostView> signposts,
            String whenFullChosenBy,
            Instant whenFullChosenAt) {}

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final SaveSetup saveSetup;
    private final CapLimits limits;

    SetupApiController(CapacityAccess access, PracticeSetups setups, SaveSetup saveSetup, CapLimits limits) {
        this.access = access;
        this.setups = setups;
        this.saveSetup = saveSetup;
        this.limits = limits;
    }

    @GetMapping("/api/practices/{ods}/capacity/settings")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description =
                    "The practice's safe working settings; the ETag header is their version, for a PUT's" + " If-Match",
            headers = @Header(name = HttpHeaders.ETAG, description = "The settings' version, such as \"3\""),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupView.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "403",
            description = "Not one of the practice's own staff or an administrator")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or its safe working is not set up yet")
    ResponseEntity<SetupView> get(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toRead(staff, ods);
        PracticeSetups.Versioned current = setups.findVersioned(practice.odsCode())
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "Safe working is not set up for " + practice.odsCode() + " yet: PUT its settings first"));
        return ResponseEntity.ok().eTag(eTag(current.version())).body(view(current.setup()));
    }

    @PutMapping("/api/practices/{ods}/capacity/settings")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The whole set-up. The settings as GET gives them may be sent back changed, as often as"
                    + " wanted: whenFullChosenBy and whenFullChosenAt are passed over whatever they say, as the server"
                    + " records who chose and when, while odsCode must be the address's practice, or left out. Any"
                    + " other field the body does not take is refused naming it, as is a new clinician's cap, or a"
                    + " raised one, above the daily contact limit action 1 has on the menu in force. A cap saved"
                    + " before the menu lowered the limit may be sent back unchanged: it is kept, and held to the"
                    + " limit while action 1 is in force",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupRequest.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The settings as saved, each new clinician with its id; the ETag header is the version"
                    + " this save made, for the next If-Match",
            headers = @Header(name = HttpHeaders.ETAG, description = "The settings' version, such as \"4\""),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupView.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "400",
            description = "The body is not a JSON object, or a field to fix, named: no clinicians, a cap out of"
                    + " range (a new or raised one above action 1's daily contact limit on the menu in force, say), a"
                    + " label repeated, an id not the practice's, hours, the reserve, the front door's choice, the"
                    + " address or a place to send patients, a field the body does not take, or odsCode another"
                    + " practice's; or If-Match is not one ETag or *. Nothing is saved")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "412",
            description = "If-Match names a version the settings are no longer at (they were saved meanwhile), or"
                    + " they are not set up yet: nothing is saved. The problem gives the version now as"
                    + " currentVersion, and its ETag header the same, for a PUT sent again after a fresh GET; when"
                    + " they are not set up yet it has neither, and its detail says to send them without If-Match",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/ProblemDetail")))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "403",
            description = "Not one of the practice's managers or an administrator")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "413",
            description = "The body is larger than 256 KiB")
    ResponseEntity<?> put(
            @PathVariable String ods,
            @Parameter(
                            in = ParameterIn.HEADER,
                            description = "The ETag GET gave, such as \"3\": saves only over that version. * saves"
                                    + " over any, once set up; without it, the settings are saved whatever their"
                                    + " version")
                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                    String ifMatch,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletRequest request) {
        Practice practice = access.toManage(staff, ods);
        Long seen = seen(ifMatch);
        SetupRequest body = JsonBodies.readExactly(request, SetupRequest.class, MAX_BODY, Map.of());
        if (body.odsCode() != null && !body.odsCode().strip().equalsIgnoreCase(practice.odsCode())) {
            // Another practice's code sent here would be answered as if taken, and the settings saved for this one.
            throw InvalidRequest.field(
                    "odsCode",
                    "odsCode is not " + practice.odsCode() + ", the practice this address is for: send "
                            + practice.odsCode() + " or leave odsCode out, and send another practice's settings to"
                            + " its own address");
        }
        if (seen != null && (seen == ANY ? setups.find(practice.odsCode()).isEmpty() : seen <= SaveSetup.NOT_SET_UP)) {
            // No version matches a set-up not made yet (set-ups are never removed, so one there stays there).
            return changedMeanwhile(
                    practice,
                    setups.findVersioned(practice.odsCode())
                            .map(PracticeSetups.Versioned::version)
                            .orElse(SaveSetup.NOT_SET_UP));
        }
        try {
            PracticeSetups.Versioned saved = saveSetup.save(
                    practice.odsCode(),
                    body,
                    staff.email(),
                    seen == null || seen == ANY ? null : seen,
                    SetupRules.Numbering.AS_SENT,
                    limits.today());
            return ResponseEntity.ok().eTag(eTag(saved.version())).body(view(saved.setup()));
        } catch (SaveSetup.ChangedSince changed) {
            return changedMeanwhile(practice, changed.version());
        }
    }

    /** If-Match: * matches any version of a set-up there is. */
    private static final long ANY = IfMatch.ANY;

    /** The version an If-Match names, {@link #ANY} for *, or null without one. */
    private static Long seen(String ifMatch) {
        return IfMatch.version(
                ifMatch,
                "If-Match must be the one ETag GET /api/practices/{ods}/capacity/settings gave, quotes included (such"
                        + " as \"3\"), or *");
    }

    /** 412 naming the settings' version now, as the problem's currentVersion and its ETag; nothing was saved. */
    private static ResponseEntity<ProblemDetail> changedMeanwhile(Practice practice, long now) {
        if (now == SaveSetup.NOT_SET_UP) {
            return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                    .body(ProblemDetail.forStatusAndDetail(
                            HttpStatus.PRECONDITION_FAILED,
                            "Safe working is not set up for " + practice.odsCode() + " yet, so no version matches"
                                    + " If-Match and nothing was saved: send the settings without If-Match"));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PRECONDITION_FAILED,
                "The settings were saved after the version your If-Match names and are now version " + now
                        + ", so nothing was saved: GET them again, and send your changes with If-Match " + eTag(now));
        problem.setProperty("currentVersion", now);
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(eTag(now))
                .body(problem);
    }

    private static String eTag(long version) {
        return "\"" + version + "\"";
    }

    static SetupView view(PracticeSetup setup) {
        return new SetupView(
                setup.odsCode(),
                setup.clinicians().stream()
                        .map(c -> new ClinicianView(
                                c.id(),
                                c.label(),
                                c.role().name(),
                                c.dailyCap(),
                                c.workingDays().stream().sorted().toList()))
                        .toList(),
                hours(setup.coreHours()),
                setup.countAdmin(),
                setup.urgentReserve(),
                setup.whenFull().name(),
                setup.icbAgreedClosureOn(),
                setup.onlineConsultationUrl(),
                setup.signposts().stream()
                        .map(s -> new SignpostView(s.name(), s.kind().name(), s.address(), s.phone(), hours(s.hours())))
                        .toList(),
                setup.whenFullChosenBy(),
                setup.whenFullChosenAt());
    }

    private static Map<DayOfWeek, HoursView> hours(Map<DayOfWeek, Hours> hours) {
        Map<DayOfWeek, HoursView> view = new LinkedHashMap<>();
        hours.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> view.put(
                        e.getKey(),
                        new HoursView(
                                e.getValue().opens().toString(), e.getValue().closingTime())));
        return view;
    }
}
