package org.gpaction.accounts.staff;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff accounts through the API, for administrators. An account created without a password is sent an invitation
 * to choose one; a password given here (for automation) must pass the same policy.
 */
@RestController
@JsonApi
@RequestMapping("/api/staff")
@PreAuthorize("hasRole('ADMIN')")
@SecurityRequirement(name = "bearer")
class StaffApiController {

    record StaffRequest(String email, String password, String role, List<String> practices, String lmc) {
        @Override
        public String toString() {
            return "StaffRequest[email=" + email + ", role=" + role + "]";
        }
    }

    /**
     * An account's fields at their longest with over a thousand practices' ODS codes: more than any one practice
     * manager or receptionist works at.
     */
    static final int MAX_BODY = 16 * 1024;

    /** A field a client may send for one a staff account takes, with the one to send. */
    private static final Map<String, String> INSTEAD = Map.of("practice", "practices");

    /**
     * A new role, practices and LMC. The account as GET gives it may be sent back changed: its id, email and whether
     * it is enabled must be the account's, or left out, as they are not changed here; the rest is passed over, as the
     * server records it.
     */
    record ScopeRequest(
            String role,
            List<String> practices,
            String lmc,

            @Schema(description = "The account's id, as GET gives it: must be the address's account, or left out")
            Long id,

            @Schema(description = "The account's email, as GET gives it: must be the account's, or left out")
            String email,

            @Schema(
                    description = "As GET gives it: must be what the account is, or left out (disable and enable"
                            + " change it)")
            Boolean enabled,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object passwordSet,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object createdAt,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object createdBy) {}

    record StaffView(
            long id,
            String email,
            StaffRole role,
            List<String> practices,
            String lmc,
            boolean enabled,
            boolean passwordSet,
            Instant createdAt,
            String createdBy) {

        static StaffView of(StaffAccount account) {
            return new StaffView(
                    account.id(),
                    account.email(),
                    account.role(),
                    account.practices(),
                    account.lmc(),
                    account.enabled(),
                    account.passwordSet(),
                    account.createdAt(),
                    account.createdBy());
        }
    }

    private final StaffAccounts staffAccounts;
    private final PasswordLinks passwordLinks;

    StaffApiController(StaffAccounts staffAccounts, PasswordLinks passwordLinks) {
        this.staffAccounts = staffAccounts;
        this.passwordLinks = passwordLinks;
    }

    @PostMapping
    @Operation(
            summary = "Create a staff account",
            description = "Without a password the person is emailed an invitation to choose their own.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Created; Location names the account",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = StaffView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing, or a field the request does not take was sent; each is"
                                + " named and nobody is created"),
                @ApiResponse(
                        responseCode = "409",
                        description =
                                "You were disabled or demoted while the request was under way; nobody is" + " created")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StaffRequest.class)))
    ResponseEntity<StaffView> create(@AuthenticationPrincipal StaffPrincipal admin, HttpServletRequest http) {
        StaffRequest request = JsonBodies.readExactly(http, StaffRequest.class, MAX_BODY, INSTEAD);
        StaffAccount created = staffAccounts.create(
                new CreateStaffCommand(
                        request.email(), request.password(), request.role(), request.practices(), request.lmc()),
                admin.id(),
                admin.email());
        return ResponseEntity.created(URI.create("/api/staff/" + created.id())).body(StaffView.of(created));
    }

    @GetMapping
    List<StaffView> list() {
        return staffAccounts.all().stream().map(StaffView::of).toList();
    }

    @GetMapping("/{id}")
    StaffView one(@PathVariable long id) {
        return staffAccounts.find(id).map(StaffView::of).orElseThrow(() -> new StaffNotFound(id));
    }

    /** A new role, practices and LMC; the person's sessions take them at their next request. */
    @PutMapping("/{id}")
    @Operation(
            summary = "Change a staff account's role, practices and LMC",
            description = "The person's open sessions take the change at their next request. The account as GET gives"
                    + " it may be sent back changed: id, email and enabled must be the account's, or left out,"
                    + " and passwordSet, createdAt and createdBy are passed over. Any other field the body does not"
                    + " take is refused naming it.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The account as changed",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = StaffView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing, each named (a field the body does not take, or an"
                                + " id, email or enabled that is not the account's, among them); or the change is of"
                                + " your own role. Nothing is changed"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(responseCode = "404", description = "No such staff account"),
                @ApiResponse(
                        responseCode = "409",
                        description =
                                "It would demote the last enabled administrator, or you have just stopped being one yourself")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScopeRequest.class)))
    StaffView changeScope(
            @PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, HttpServletRequest http) {
        ScopeRequest request = JsonBodies.readExactly(http, ScopeRequest.class, MAX_BODY, INSTEAD);
        staffAccounts.find(id).ifPresent(account -> notChangedHere(request, account));
        return StaffView.of(staffAccounts.changeScope(
                id,
                new CreateStaffCommand(null, null, request.role(), request.practices(), request.lmc()),
                admin.id(),
                admin.email()));
    }

    /** Emails the person a single-use link to choose a new password (a fresh invitation if they never chose one). */
    @PostMapping("/{id}/password-reset")
    @Operation(
            summary = "Email the person a link to choose a new password",
            description = "A fresh invitation if they never chose one. The link is sent after the answer.",
            responses = {
                @ApiResponse(responseCode = "202", description = "The link is on its way"),
                @ApiResponse(
                        responseCode = "409",
                        description = "The account is disabled (enable it first), or you were disabled or demoted while"
                                + " the request was under way; no link is sent"),
                @ApiResponse(responseCode = "404", description = "No such staff account")
            })
    ResponseEntity<Map<String, String>> sendPasswordReset(
            @PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin) {
        PasswordLinks.Purpose sent = passwordLinks.sendReset(id, admin.id(), admin.email());
        return ResponseEntity.accepted()
                .body(Map.of(
                        "message",
                        (sent == PasswordLinks.Purpose.INVITATION
                                        ? "A new invitation"
                                        : "A link to choose a new password")
                                + " is on its way to the account's email address"));
    }

    @PostMapping("/{id}/disable")
    @Operation(
            summary = "Disable a staff account",
            description = "Its API tokens are revoked, its password link ended and its sessions signed out.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The account, disabled",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = StaffView.class))),
                @ApiResponse(responseCode = "400", description = "The account is your own"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(responseCode = "404", description = "No such staff account"),
                @ApiResponse(
                        responseCode = "409",
                        description =
                                "It would disable the last enabled administrator, or you have just stopped being one yourself")
            })
    StaffView disable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin) {
        return StaffView.of(staffAccounts.disable(id, admin.id(), admin.email()));
    }

    @PostMapping("/{id}/enable")
    @Operation(
            summary = "Enable a staff account again",
            description = "Tokens revoked when it was disabled stay revoked.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The account, enabled",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = StaffView.class))),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(responseCode = "404", description = "No such staff account"),
                @ApiResponse(
                        responseCode = "409",
                        description = "You were disabled or demoted while the request was under way; nothing changed")
            })
    StaffView enable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin) {
        return StaffView.of(staffAccounts.enable(id, admin.id(), admin.email()));
    }

    /**
     * The id, email and whether the account is enabled, sent back as GET gave them, are not changed here: one that is
     * not the account's would be answered as if taken while nothing changed it.
     */
    private static void notChangedHere(ScopeRequest request, StaffAccount account) {
        if (request.id() != null && request.id() != account.id()) {
            throw InvalidRequest.field(
                    "id",
                    "id is not " + account.id() + ", the account this address is for: send " + account.id()
                            + " or leave id out, and send another account's change to its own address");
        }
        if (request.email() != null && !request.email().strip().equalsIgnoreCase(account.email())) {
            throw InvalidRequest.field(
                    "email",
                    "email is not the account's, and is not changed here: send " + account.email()
                            + " or leave email out");
        }
        if (request.enabled() != null && request.enabled() != account.enabled()) {
            throw InvalidRequest.field(
                    "enabled",
                    "enabled is not changed here: send " + account.enabled()
                            + " or leave enabled out, and POST to /api/staff/" + account.id()
                            + (account.enabled() ? "/disable" : "/enable") + " to change it");
        }
    }

    @ExceptionHandler(InvalidStaffDetails.class)
    ProblemDetail invalid(InvalidStaffDetails e) {
        List<Map<String, String>> errors = e.problems().entrySet().stream()
                .map(problem -> Map.of("field", problem.getKey(), "message", problem.getValue()))
                .toList();
        return new InvalidRequest("Some fields need fixing", errors).toProblem();
    }

    @ExceptionHandler(AdministratorStillNeeded.class)
    ProblemDetail conflict(AdministratorStillNeeded e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(DisabledAccount.class)
    ProblemDetail disabled(DisabledAccount e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(StaffNotFound.class)
    ProblemDetail notFound(StaffNotFound e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
