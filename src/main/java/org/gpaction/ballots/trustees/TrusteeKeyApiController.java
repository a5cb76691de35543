package org.gpaction.ballots.trustees;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.DraftETags;
import org.gpaction.ballots.ballot.DraftVersion;
import org.gpaction.ballots.trustees.CountViews.CountView;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A ballot's trustees' keys through the API: listed with where the count stands, added and removed while it is a
 * draft (decryption shares and the record are {@link DecryptionShareApiController}'s). Roles are checked before a body
 * is read (the handlers read it).
 */
@RestController
@JsonApi
class TrusteeKeyApiController {

    static final int MAX_KEY_BODY = 8 * 1024;

    record AddTrustee(
            @Schema(description = "Who holds the key, for example the scrutineer's name")
            String name,

            @Schema(description = "The whole of trustee-public.json as trustee keygen wrote it")
            JsonNode key) {}

    private final BallotAdministration administration;
    private final TrusteeKeys keys;
    private final CountViews counts;

    TrusteeKeyApiController(BallotAdministration administration, TrusteeKeys keys, CountViews counts) {
        this.administration = administration;
        this.keys = keys;
        this.counts = counts;
    }

    @GetMapping("/api/ballots/{id}/trustees")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "A ballot's trustees, their decryption shares and where decryption stands",
            responses = {
                @ApiResponse(responseCode = "200", description = "The trustees and the count's state"),
                @ApiResponse(responseCode = "404", description = "No such ballot")
            })
    CountView trustees(@PathVariable long id) {
        return counts.of(id);
    }

    @PostMapping("/api/ballots/{id}/trustees")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Add a trustee's public key to a draft ballot (scrutineers only)",
            description = "The key's proof of possession must hold. Votes are encrypted to every trustee's key; a"
                    + " ballot can be scheduled only with at least one. Adding a key raises the draft's version. With"
                    + " If-Match, only if the draft is still the version that ETag names (GET /api/ballots/{id} gives"
                    + " it), so nobody adds a key to a draft changed after they looked at it; If-Match: * adds to any"
                    + " version, as does a request without the header.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Added; its ETag names the version the key made, for the next If-Match",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"4\"")),
                @ApiResponse(
                        responseCode = "400",
                        description = "Not a valid key file, or its proof fails, a field the request does not take was"
                                + " sent (named), or If-Match is not one ETag or *"),
                @ApiResponse(responseCode = "403", description = "Not a scrutineer"),
                @ApiResponse(responseCode = "409", description = "The ballot is not a draft"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AddTrustee.class)))
    ResponseEntity<CountView> add(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff,
            HttpServletRequest request) {
        DraftVersion.Expected expected = DraftETags.expected(ifMatch);
        AddTrustee body = JsonBodies.readExactly(request, AddTrustee.class, MAX_KEY_BODY, Map.of("keyFile", "key"));
        String keyFile = body.key() == null ? null : body.key().toString();
        TrusteeKeys.Added added = keys.add(id, body.name(), keyFile, staff.getName(), expected);
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/trustees"))
                .eTag(DraftETags.of(added.version()))
                .body(counts.of(id));
    }

    @DeleteMapping("/api/ballots/{id}/trustees/{publicKey}")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "Remove a trustee's key from a draft ballot",
            description = "Only the account that added a key removes it, or an administrator once that account is"
                    + " disabled or no longer a scrutineer. Removing a key raises the draft's version."
                    + " With If-Match, only if the draft is still the version that ETag names (GET /api/ballots/{id}"
                    + " gives it); If-Match: * removes from any version, as does a request without the header. Every"
                    + " change to the keys is emailed to the ballot's sender address with the keys and the joint key.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(
                        responseCode = "204",
                        description = "Removed; its ETag names the version the removal made, for the next If-Match",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"5\"")),
                @ApiResponse(responseCode = "400", description = "If-Match is not one ETag or *"),
                @ApiResponse(
                        responseCode = "403",
                        description = "Neither a scrutineer nor an administrator, or another account added the key"
                                + " (named) and is still an enabled scrutineer, or is not and the caller is not an"
                                + " administrator"),
                @ApiResponse(
                        responseCode = "404",
                        description = "No such ballot, or the ballot has no trustee with that public key"),
                @ApiResponse(responseCode = "409", description = "The ballot is not a draft"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    ResponseEntity<Void> remove(
            @PathVariable long id,
            @PathVariable String publicKey,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff) {
        DraftVersion removed = keys.remove(id, publicKey, staff.getName(), DraftETags.expected(ifMatch));
        return ResponseEntity.noContent().eTag(DraftETags.of(removed)).build();
    }

    @ExceptionHandler(TrusteeKeys.InvalidTrusteeKey.class)
    ProblemDetail invalid(TrusteeKeys.InvalidTrusteeKey e) {
        String field = e.field().equals("keyFile") ? "key" : e.field();
        return new InvalidRequest("Some fields need fixing", List.of(Map.of("field", field, "message", e.getMessage())))
                .toProblem();
    }

    @ExceptionHandler(DraftVersion.ChangedMeanwhile.class)
    ResponseEntity<ProblemDetail> changedMeanwhile(DraftVersion.ChangedMeanwhile e) {
        return DraftETags.changedMeanwhile(e, administration.find(e.current().ballotId()));
    }

    @ExceptionHandler(TrusteeKeys.NoSuchTrusteeKey.class)
    ProblemDetail noSuchKey(TrusteeKeys.NoSuchTrusteeKey e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(KeyRemovers.KeyGivenByAnother.class)
    ProblemDetail givenByAnother(KeyRemovers.KeyGivenByAnother e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(TrusteeKeys.TrusteesFixed.class)
    ProblemDetail fixed(TrusteeKeys.TrusteesFixed e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
