package org.gpaction.capacity.setup;

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
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** A practice's safe working set-up through the API: read by its staff, replaced whole by its managers. */
@RestController
@JsonApi
class SetupApiController {

    static final int MAX_BODY = 256 * 1024;

    record ClinicianView(long id, String label, String role, int dailyCap, List<DayOfWeek> workingDays) {}

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

    SetupApiController(CapacityAccess access, PracticeSetups setups, SaveSetup saveSetup) {
        this.access = access;
        this.setups = setups;
        this.saveSetup = saveSetup;
    }

    @GetMapping("/api/practices/{ods}/capacity/settings")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The practice's safe working settings",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupView.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "403",
            description = "Not one of the practice's own staff or an administrator")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or its safe working is not set up yet")
    SetupView get(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toRead(staff, ods);
        return setups.find(practice.odsCode())
                .map(SetupApiController::view)
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "Safe working is not set up for " + practice.odsCode() + " yet: PUT its settings first"));
    }

    @PutMapping("/api/practices/{ods}/capacity/settings")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupRequest.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The settings as saved, each new clinician with its id",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetupView.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "400",
            description = "The body is not a JSON object, or a field to fix, named: no clinicians, a cap out of"
                    + " range, a label repeated, an id not the practice's, hours, the reserve, the front door's"
                    + " choice, the address or a place to send patients. Nothing is saved")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "403",
            description = "Not one of the practice's managers or an administrator")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "413",
            description = "The body is larger than 256 KiB")
    SetupView put(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, HttpServletRequest request) {
        Practice practice = access.toManage(staff, ods);
        SetupRequest body = JsonBodies.read(request, SetupRequest.class, MAX_BODY);
        return view(saveSetup.save(practice.odsCode(), body, staff.email()));
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
