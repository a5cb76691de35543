package org.gpaction.accounts.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.TypedText;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.TooManyRequestsProblem;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Exchanging a staff email and password for an API token, and managing one's own tokens. */
@RestController
@JsonApi
@RequestMapping("/api/tokens")
class TokenApiController {

    /** The name the API description gives bearer tokens, for the operations that need one to name. */
    static final String BEARER = "bearer";

    /**
     * An email address, a password and a token name at their longest, every character sent as a JSON escape, fit with
     * room to spare; a caller cannot make the server hold more before the password is checked.
     */
    static final int MAX_BODY = 4 * 1024;

    record TokenRequest(String email, String password, String name) {
        @Override
        public String toString() {
            return "TokenRequest[email=" + email + "]";
        }
    }

    record TokenResponse(long id, String name, String token) {}

    record TokenView(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    private final AuthenticationManager authenticationManager;
    private final ApiTokens tokens;
    private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

    TokenApiController(AuthenticationManager authenticationManager, ApiTokens tokens) {
        this.authenticationManager = authenticationManager;
        this.tokens = tokens;
    }

    @PostMapping
    @Operation(
            summary = "Exchange a staff email address and password for an API token",
            description = "The token is shown once, in this answer; send it as Authorization: Bearer <token>."
                    + " Wrong passwords are limited per account and per address.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Issued",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = TokenResponse.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "A field needs fixing, or a field the request does not take was sent; it is"
                                + " named, and the password is not checked"),
                @ApiResponse(
                        responseCode = "401",
                        description = "The email address or password is wrong, or the password was changed (or the"
                                + " account disabled) while the token was being issued"),
                @ApiResponse(
                        responseCode = "403",
                        description = "The password is right but the account is disabled: an administrator can enable"
                                + " it again"),
                @ApiResponse(
                        responseCode = "429",
                        description = "Too many wrong passwords for the account or from the address; Retry-After says"
                                + " when to try again"),
                @ApiResponse(
                        responseCode = "503",
                        description = "The database failed while the password was being checked; nothing was counted"
                                + " against the account: try again after Retry-After")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenRequest.class)))
    ResponseEntity<?> issue(HttpServletRequest http) {
        TokenRequest request = JsonBodies.readExactly(
                http, TokenRequest.class, MAX_BODY, Map.of("username", "email", "tokenName", "name"));
        if (request.email() == null || request.email().isBlank()) {
            throw InvalidRequest.field("email", "Enter the email address of a staff account");
        }
        if (request.email().length() > StaffAccounts.MAX_EMAIL_LENGTH) {
            throw InvalidRequest.field(
                    "email", "Email address must be " + StaffAccounts.MAX_EMAIL_LENGTH + " characters or fewer");
        }
        if (request.password() == null || request.password().isEmpty()) {
            throw InvalidRequest.field("password", "Enter the account's password");
        }
        if (request.name() != null && request.name().strip().length() > ApiTokens.MAX_NAME_LENGTH) {
            throw InvalidRequest.field(
                    "name", "Token name must be " + ApiTokens.MAX_NAME_LENGTH + " characters or fewer");
        }
        if (TypedText.hasControlCharacters(request.name())) {
            throw InvalidRequest.field(
                    "name", "Token name must not contain control characters, such as tabs or line breaks");
        }
        UsernamePasswordAuthenticationToken attempt =
                UsernamePasswordAuthenticationToken.unauthenticated(request.email(), request.password());
        attempt.setDetails(details.buildDetails(http));
        Authentication authentication;
        try {
            authentication = authenticationManager.authenticate(attempt);
        } catch (SignInPaused e) {
            return TooManyRequestsProblem.of(e.retryAfter(), e.getMessage());
        } catch (AccountDisabled e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage()));
        } catch (AuthenticationServiceException e) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, SignInUnavailable.MESSAGE);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", Integer.toString(SignInUnavailable.RETRY_AFTER_SECONDS))
                    .body(problem);
        } catch (AuthenticationException e) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "The email address or password is wrong");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        StaffPrincipal staff = (StaffPrincipal) authentication.getPrincipal();
        ApiTokens.IssuedToken issued;
        try {
            issued = tokens.issue(staff.id(), staff.credentialsVersion(), request.name(), null);
        } catch (CredentialsChanged e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED,
                    "The account's password was changed, or the account disabled, while this token was being issued:"
                            + " ask again with the current password");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(new TokenResponse(issued.id(), issued.name(), issued.token()));
    }

    @GetMapping
    @Operation(summary = "List your own tokens, without their secrets", security = @SecurityRequirement(name = BEARER))
    List<TokenView> list(@AuthenticationPrincipal StaffPrincipal staff) {
        return tokens.list(staff.id()).stream()
                .map(token -> new TokenView(
                        token.id(), token.name(), token.createdAt(), token.lastUsedAt(), token.revokedAt()))
                .toList();
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Revoke one of your own tokens",
            security = @SecurityRequirement(name = BEARER),
            responses = {
                @ApiResponse(responseCode = "204", description = "Revoked"),
                @ApiResponse(
                        responseCode = "404",
                        description = "You have no such live token (another's, revoked or none): the detail says so"
                                + " and that GET /api/tokens lists yours")
            })
    ResponseEntity<?> revoke(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id) {
        if (tokens.revoke(staff.id(), id)) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "You have no live token " + id + ": GET /api/tokens lists yours"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Description {

        /** The API's bearer tokens, named once for the document so operations can say they need one. */
        @Bean
        OpenApiCustomizer bearerTokenScheme() {
            return openApi -> {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A token from POST /api/tokens"));
            };
        }
    }
}
