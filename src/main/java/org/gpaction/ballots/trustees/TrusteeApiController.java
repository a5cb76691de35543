package org.gpaction.ballots.trustees;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.DraftETags;
import org.gpaction.ballots.ballot.DraftVersion;
import org.gpaction.ballots.ballot.ExposedTrustees;
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
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * A ballot's trustees through the API: keys added while it is a draft, decryption shares after the close, and the
 * record for trustees to check and decrypt. Roles are checked before a body is read (the handlers read it).
 */
@RestController
@JsonApi
class TrusteeApiController {

    static final int MAX_KEY_BODY = 8 * 1024;

    record AddTrustee(
            @Schema(description = "Who holds the key, for example the scrutineer's name")
            String name,

            @Schema(description = "The whole of trustee-public.json as trustee keygen wrote it")
            JsonNode key) {}

    /** @param exposedAt when the key's private half was first seen pasted into GP Action; null while it never was */
    record TrusteeView(
            String name, String publicKey, String addedBy, Instant addedAt, boolean shareGiven, Instant exposedAt) {}

    record CountView(
            long ballotId,
            List<TrusteeView> trustees,
            boolean tallied,
            Long papersCounted,
            Integer papersSpoilt,
            boolean decrypted,
            List<Long> totals) {}

    private final BallotAdministration administration;
    private final TrusteeKeys keys;
    private final DecryptionShares shares;
    private final BallotRecords records;
    private final ExposedTrustees exposedTrustees;

    TrusteeApiController(
            BallotAdministration administration,
            TrusteeKeys keys,
            DecryptionShares shares,
            BallotRecords records,
            ExposedTrustees exposedTrustees) {
        this.administration = administration;
        this.keys = keys;
        this.shares = shares;
        this.records = records;
        this.exposedTrustees = exposedTrustees;
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
        return view(id);
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
                        description = "Not a valid key file, or its proof fails, or If-Match is not one ETag or *"),
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
        AddTrustee body = JsonBodies.read(request, AddTrustee.class, MAX_KEY_BODY);
        String keyFile = body.key() == null ? null : body.key().toString();
        TrusteeKeys.Added added = keys.add(id, body.name(), keyFile, staff.getName(), expected);
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/trustees"))
                .eTag(DraftETags.of(added.version()))
                .body(view(id));
    }

    @DeleteMapping("/api/ballots/{id}/trustees/{publicKey}")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Remove a trustee's key from a draft ballot (scrutineers only)",
            description = "Removing a key raises the draft's version. With If-Match, only if the draft is still the"
                    + " version that ETag names (GET /api/ballots/{id} gives it); If-Match: * removes from any version,"
                    + " as does a request without the header.",
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
                @ApiResponse(responseCode = "403", description = "Not a scrutineer"),
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

    @PostMapping("/api/ballots/{id}/shares")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Give one trustee's decryption share of a closed ballot's totals (scrutineers only)",
            description = "The body is share.json as trustee decrypt wrote it, sent as application/json or"
                    + " text/plain. Its proof of correct decryption is"
                    + " checked against this ballot's encrypted totals; a share that fails is refused and nothing is"
                    + " stored. With the last trustee's share the totals are decrypted.",
            responses = {
                @ApiResponse(responseCode = "201", description = "Checked and stored"),
                @ApiResponse(responseCode = "400", description = "Not a share of this ballot's totals"),
                @ApiResponse(responseCode = "403", description = "Not a scrutineer"),
                @ApiResponse(
                        responseCode = "409",
                        description = "Not closed, totals not made yet, this trustee's share in, or decrypted"),
                @ApiResponse(responseCode = "413", description = "Longer than any share"),
                @ApiResponse(responseCode = "415", description = "Sent as neither application/json nor text/plain")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "share.json, whole, as trustee decrypt wrote it",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(type = "object")),
                @Content(mediaType = "text/plain", schema = @Schema(type = "string"))
            })
    ResponseEntity<CountView> share(@PathVariable long id, Authentication staff, HttpServletRequest request) {
        // Read as text, not as JSON here: a body that is not JSON at all is then refused by the share check, which
        // writes every refused share in the ballot log. Sent as text/plain too, so that a private key pasted from a
        // terminal is recognised and recorded as exposed rather than refused unread.
        String shareFile;
        try {
            shareFile = JsonBodies.text(request, ShareFiles.LONGEST_SHARE_FILE);
        } catch (ResponseStatusException unread) {
            if (unread.getStatusCode().isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE)) {
                shares.refusedAsTooLong(id, staff.getName());
            } else {
                shares.refusedAsUnsupportedType(id, staff.getName());
            }
            throw unread;
        }
        shares.accept(id, shareFile, staff.getName());
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/trustees"))
                .body(view(id));
    }

    @GetMapping(value = "/api/ballots/{id}/record", produces = "application/zip")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "The ballot record so far, once the totals are made (what trustees check and decrypt)",
            description = "Ends at tally.json before decryption; whole (shares and result) afterwards. The published"
                    + " ballot's record is public at /results/{id}/record.zip.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The record (ZIP)"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(responseCode = "409", description = "The totals are not made yet"),
                @ApiResponse(
                        responseCode = "503",
                        description = "Too many ballot records are being written at once: try again after"
                                + " Retry-After seconds",
                        headers =
                                @Header(
                                        name = "Retry-After",
                                        description = "Seconds to wait before asking again",
                                        schema = @Schema(type = "integer")))
            })
    void record(@PathVariable long id, HttpServletResponse response) throws IOException {
        administration.find(id);
        records.send(id, response, "ballot-" + id + "-record.zip", BallotRecords.Refusal.PROBLEM_JSON);
    }

    private CountView view(long id) {
        administration.find(id);
        DecryptionShares.CountState state = shares.state(id);
        Map<String, Instant> exposed = exposedTrustees.of(id).stream()
                .collect(Collectors.toMap(
                        ExposedTrustees.ExposedTrustee::publicKey,
                        ExposedTrustees.ExposedTrustee::seenAt,
                        (first, again) -> first));
        return new CountView(
                id,
                state.trustees().stream()
                        .map(t -> new TrusteeView(
                                t.name(),
                                t.publicKey(),
                                t.keyAddedBy(),
                                t.keyAddedAt(),
                                t.uploaded(),
                                exposed.get(t.publicKey())))
                        .toList(),
                state.tallied(),
                state.tallied() ? state.tally().counted() : null,
                state.tallied() ? state.tally().spoilt().size() : null,
                state.decrypted(),
                state.decrypted()
                        ? java.util.Arrays.stream(state.counts()).boxed().toList()
                        : null);
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

    @ExceptionHandler(TrusteeKeys.TrusteesFixed.class)
    ProblemDetail fixed(TrusteeKeys.TrusteesFixed e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(DecryptionShares.ShareRefused.class)
    ProblemDetail refused(DecryptionShares.ShareRefused e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DecryptionShares.NotDecryptable.class)
    ProblemDetail notDecryptable(DecryptionShares.NotDecryptable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
