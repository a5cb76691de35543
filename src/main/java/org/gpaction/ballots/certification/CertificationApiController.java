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
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scrutineer certifies a ballot's report through the API. The role is checked before the body is read: the
 * handler takes the request and reads it itself, rather than binding {@code @RequestBody} first.
 */
@RestController
@JsonApi
class CertificationApiController {

    static final int MAX_BODY = 16 * 1024;

    record CertificationRequest(
            @Schema(description = "Any qualification to the report's statements; empty or absent for none")
            String qualifications) {}

    record CertificateView(long ballotId, String certifiedBy, Instant certifiedAt, String qualifications) {}

    private final Certification certification;

    CertificationApiController(Certification certification) {
        this.certification = certification;
    }

    @PostMapping("/api/ballots/{id}/certification")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Certify a closed ballot's report (scrutineers only)",
            description = "Once, after the close; records who and when, with any qualification to the report's"
                    + " statements, in the ballot log. The result can be published only after this.",
            responses = {
                @ApiResponse(responseCode = "201", description = "Certified"),
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
        Certificate certificate = certification.certify(id, body.qualifications(), staff.getName());
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/certification"))
                .body(new CertificateView(
                        id, certificate.certifiedBy(), certificate.certifiedAt(), certificate.qualifications()));
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
