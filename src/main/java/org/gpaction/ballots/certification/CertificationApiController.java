package org.gpaction.ballots.certification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ballot.Certificate;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.web.InvalidRequest;
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

/**
 * The scrutineer certifies a ballot's report through the API, and reads the certification back at the address
 * certifying answers as its Location. The role is checked before the body is read: the handler takes the request and
 * reads it itself, rather than binding {@code @RequestBody} first.
 */
@RestController
@JsonApi
class CertificationApiController {

    static final int MAX_BODY = 16 * 1024;

    record CertificationRequest(
            @Schema(description = "Any qualification to the report's statements; empty or absent for none")
            String qualifications) {}

    record CertificateView(
            long ballotId,
            String certifiedBy,
            Instant certifiedAt,
            String qualifications,

            @Schema(
                    description =
                            "The hash chained over every ballot paper, fixed at the close, as the certified report"
                                    + " states it")
            String logHash) {

        static CertificateView of(Results.Result result) {
            Certificate certificate = result.certificate();
            return new CertificateView(
                    result.ballotId(),
                    certificate.certifiedBy(),
                    certificate.certifiedAt(),
                    certificate.qualifications(),
                    result.logHash());
        }
    }

    private final Certification certification;
    private final Results results;

    CertificationApiController(Certification certification, Results results) {
        this.certification = certification;
        this.results = results;
    }

    @PostMapping("/api/ballots/{id}/certification")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Certify a closed ballot's report (scrutineers only)",
            description = "Once, after the close; records who and when, with any qualification to the report's"
                    + " statements, in the ballot log. The result can be published only after this.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Certified: who, when, the qualifications and the ballot log's hash; Location"
                                + " gives the address that answers the same"),
                @ApiResponse(
                        responseCode = "400",
                        description = "The qualifications need fixing, or a field the request does not take was sent;"
                                + " each is named and nothing is certified"),
                @ApiResponse(responseCode = "403", description = "Not a scrutineer (administrators cannot certify)"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(responseCode = "409", description = "Voting has not closed, or already certified")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CertificationRequest.class)))
    ResponseEntity<CertificateView> certify(@PathVariable long id, Authentication staff, HttpServletRequest request) {
        CertificationRequest body = JsonBodies.readExactly(
                request, CertificationRequest.class, MAX_BODY, Map.of("qualification", "qualifications"));
        certification.certify(id, body.qualifications(), staff.getName());
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/certification"))
                .body(CertificateView.of(results.result(id)));
    }

    @GetMapping("/api/ballots/{id}/certification")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "A ballot's certification (scrutineers only)",
            description = "What certifying answered: who certified the report, when, any qualification to its"
                    + " statements and the ballot log's hash. Certifying gives this address as its Location.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The certification",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = CertificateView.class))),
                @ApiResponse(responseCode = "403", description = "Not a scrutineer"),
                @ApiResponse(responseCode = "404", description = "No such ballot, or its report is not certified yet")
            })
    CertificateView certificate(@PathVariable long id) {
        Results.Result result;
        try {
            result = results.result(id);
        } catch (Results.ResultsNotYetAvailable e) {
            throw new NotCertifiedYet(id);
        }
        if (result.certificate() == null) {
            throw new NotCertifiedYet(id);
        }
        return CertificateView.of(result);
    }

    /** A ballot whose report nobody has certified: there is no certification to answer yet. */
    static class NotCertifiedYet extends RuntimeException {
        NotCertifiedYet(long ballotId) {
            super("The report of ballot " + ballotId + " is not certified yet: the scrutineer certifies it after the"
                    + " close, once the trustees have decrypted the totals");
        }
    }

    @ExceptionHandler(NotCertifiedYet.class)
    ProblemDetail notCertifiedYet(NotCertifiedYet e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(Certification.NotCertifiable.class)
    ProblemDetail notCertifiable(Certification.NotCertifiable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Certification.InvalidCertification.class)
    ProblemDetail invalid(Certification.InvalidCertification e) {
        return new InvalidRequest(
                        "Some fields need fixing",
                        List.of(Map.of("field", "qualifications", "message", e.getMessage())))
                .toProblem();
    }
}
