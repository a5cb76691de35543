package org.gpaction.ballots.trustees;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.trustees.CountViews.CountView;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A closed ballot's count through the API: trustees' decryption shares of its totals, and the record for trustees to
 * check and decrypt. Roles are checked before a body is read (the handlers read it).
 */
@RestController
@JsonApi
class DecryptionShareApiController {

    private final BallotAdministration administration;
    private final DecryptionShares shares;
    private final BallotRecords records;
    private final CountViews counts;

    DecryptionShareApiController(
            BallotAdministration administration, DecryptionShares shares, BallotRecords records, CountViews counts) {
        this.administration = administration;
        this.shares = shares;
        this.records = records;
        this.counts = counts;
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
                .body(counts.of(id));
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

    @ExceptionHandler(DecryptionShares.ShareRefused.class)
    ProblemDetail refused(DecryptionShares.ShareRefused e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DecryptionShares.NotDecryptable.class)
    ProblemDetail notDecryptable(DecryptionShares.NotDecryptable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
