package org.gpaction.membership.members;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.Member;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.RuleSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The membership roll through the API: imports for administrators, members and eligibility for ballot work. */
@RestController
@JsonApi
@RequestMapping("/api/members")
class MemberApiController {

    record EligibilityView(
            String membershipNumber,
            RuleSet ruleSet,
            Instant at,
            boolean eligible,
            List<String> reasons,
            String evidence,

            @Schema(
                    description = "The role that makes the member eligible, one from the union's record"
                            + " before one they declared themselves; its declaredAt is when the member declared"
                            + " it, or null when the union's record gives it. A ballot's roll holds a member"
                            + " eligible only by a declared role for the scrutineer's check. Null when not"
                            + " eligible")
            RoleHeld qualifyingRole) {}

    /** The years a member's record can hold, as the import takes them: 1900 to 2999. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private static final Instant AFTER_LATEST = Instant.parse("3000-01-01T00:00:00Z");

    private static final String IMPORT = """
            Send the union's membership export as the request body (Content-Type: text/csv), UTF-8 with or without a \
            byte order mark: a header row `membership_number,gmc_number,given_name,family_name,email,\
            membership_status,status_since,joined_on,role,practice_ods,role_from,role_to`, then one row per role, \
            dates as yyyy-MM-dd, status_since and joined_on never after the day of the import (UK time). Practices             must be in the practice directory first.

            An import is all or nothing: a file with any problem changes nothing, and the 400 answer lists every \
            problem with its line and field. Importing the same file again changes nothing. The answer counts the \
            rows read and the members created, updated and unchanged. The history (GET) lists refused files too. \
            A file sent while another import is updating the roll waits as long as a join would \
            (GPACTION_MEMBERSHIP_ROLLWAIT) and then gets 409, nothing imported: send it again once that import has \
            finished.""";

    private final MemberImport memberImport;
    private final MemberRepository members;
    private final Eligibility eligibility;
    private final AuditLog audit;

    MemberApiController(MemberImport memberImport, MemberRepository members, Eligibility eligibility, AuditLog audit) {
        this.memberImport = memberImport;
        this.members = members;
        this.eligibility = eligibility;
        this.audit = audit;
    }

    @PostMapping(
            value = "/imports",
            consumes = {"text/csv", "text/plain", "application/octet-stream"})
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Import the membership file (administrators)",
            description = IMPORT,
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "Imported; the counts of what changed",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = MemberImport.Result.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Nothing was imported: every problem is listed with its line and field"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(
                        responseCode = "409",
                        description = "Another import is updating the roll: nothing was imported; send the file again"
                                + " once it has finished"),
                @ApiResponse(
                        responseCode = "413",
                        description = "Announced as larger than the import takes (GPACTION_MEMBERSHIP_MAXIMPORTBYTES);"
                                + " refused unread, naming the limit"),
                @ApiResponse(
                        responseCode = "503",
                        description = "Too little disk space free to copy the file (GPACTION_UPLOADS_MINFREESPACE):"
                                + " nothing was imported; Retry-After says when to send it again")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    MemberImport.Result importMembers(
            HttpServletRequest request,
            @Parameter(description = "The file's name, kept in the import history and named in problems")
                    @RequestParam(name = "fileName", defaultValue = "members.csv")
                    String fileName,
            Authentication staff)
            throws IOException {
        return memberImport.importFile(
                FileNames.clean(fileName, "members.csv"),
                request.getInputStream(),
                request.getContentLengthLong(),
                staff.getName());
    }

    @GetMapping("/imports")
    @PreAuthorize("hasRole('ADMIN')")
    List<ImportHistoryEntry> importHistory(@RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw InvalidRequest.field("limit", "Ask for between 1 and 1000 imports");
        }
        return memberImport.history(limit);
    }

    @GetMapping("/{membershipNumber}")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "One member's record, now or as known at a moment (administrators and the scrutineer)",
            description = "Each of roles[] has declaredAt: when the member declared the role themselves (on joining"
                    + " online or at /my-details), or null when the union's record gives it (a membership import or an"
                    + " administrator). A ballot's roll holds a member eligible only by a declared role for the"
                    + " scrutineer's check.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The record; the reading is audited",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = Member.class))),
                @ApiResponse(responseCode = "400", description = "asKnownAt is not a moment; it is named"),
                @ApiResponse(responseCode = "403", description = "Not an administrator or the scrutineer"),
                @ApiResponse(responseCode = "404", description = "No member has that membership number")
            })
    ResponseEntity<?> member(
            @PathVariable String membershipNumber,
            @RequestParam(name = "asKnownAt", required = false) String asKnownAt,
            Authentication staff) {
        if (asKnownAt != null) {
            Instant at = instant("asKnownAt", asKnownAt);
            return members.asKnownAt(membershipNumber, at)
                    .<ResponseEntity<?>>map(member -> {
                        audit.record(
                                staff.getName(),
                                "VIEW",
                                member.membershipNumber(),
                                "Read the record as known " + AuditLog.moment(at));
                        return ResponseEntity.ok(member);
                    })
                    .orElseGet(() -> notFound(membershipNumber));
        }
        return members.find(membershipNumber)
                .<ResponseEntity<?>>map(member -> {
                    audit.record(staff.getName(), "VIEW", member.membershipNumber(), "Read through the API");
                    return ResponseEntity.ok(member);
                })
                .orElseGet(() -> notFound(membershipNumber));
    }

    @GetMapping("/{membershipNumber}/eligibility")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "Whether a member is eligible under a rule set at a moment, and why",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The decision; the check is audited",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = EligibilityView.class))),
                @ApiResponse(responseCode = "400", description = "ruleSet or at needs fixing; it is named"),
                @ApiResponse(responseCode = "403", description = "Not an administrator or the scrutineer"),
                @ApiResponse(responseCode = "404", description = "No member has that membership number")
            })
    ResponseEntity<?> eligibility(
            @PathVariable String membershipNumber,
            @RequestParam(name = "ruleSet", required = false) String ruleSet,
            @RequestParam(name = "at", required = false) String at,
            Authentication staff) {
        RuleSet rules = ruleSet(ruleSet);
        Instant instant = instant("at", at);
        return eligibility
                .decide(membershipNumber, rules, instant)
                .<ResponseEntity<?>>map(decision -> {
                    audit.record(
                            staff.getName(),
                            "ELIGIBILITY",
                            decision.membershipNumber(),
                            "Checked " + rules + " " + AuditLog.moment(instant) + ": "
                                    + (decision.eligible() ? "eligible" : "not eligible"));
                    return ResponseEntity.ok(view(decision, rules, instant));
                })
                .orElseGet(() -> notFound(membershipNumber));
    }

    /** Another import held the roll for longer than a change waits: no fault of the file, so no 400. */
    @ExceptionHandler(AnotherImportRunning.class)
    ProblemDetail anotherImportRunning(AnotherImportRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Another import is running");
        return problem;
    }

    static RuleSet ruleSet(String value) {
        if (value == null || value.isBlank()) {
            throw InvalidRequest.field("ruleSet", "Give a rule set: GP_PARTNERS_ENGLAND or GP_MEMBERS_ENGLAND");
        }
        try {
            return RuleSet.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field("ruleSet", "ruleSet must be GP_PARTNERS_ENGLAND or GP_MEMBERS_ENGLAND");
        }
    }

    static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidRequest.field(
                    parameter, "Give " + parameter + " as an ISO-8601 instant, like 2024-07-23T22:59:59Z");
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(
                    parameter, parameter + " must be an ISO-8601 instant, like 2024-07-23T22:59:59Z");
        }
        // The years a member's record can hold, as the import takes them: beyond them a day cannot be told in UK time
        // and the database holds no such moment.
        if (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST)) {
            throw InvalidRequest.field(
                    parameter, parameter + " must be between 1900 and 2999, like 2024-07-23T22:59:59Z");
        }
        return instant;
    }

    static EligibilityView view(EligibilityDecision decision, RuleSet ruleSet, Instant at) {
        return new EligibilityView(
                decision.membershipNumber(),
                ruleSet,
                at,
                decision.eligible(),
                decision.reasons(),
                decision.evidence(),
                decision.qualifyingRole());
    }

    private static ResponseEntity<ProblemDetail> notFound(String membershipNumber) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "There is no member " + abbreviate(membershipNumber) + " on the roll"));
    }

    private static String abbreviate(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "…" : value;
    }
}
