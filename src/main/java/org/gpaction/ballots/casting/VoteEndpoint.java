package org.gpaction.ballots.casting;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.web.BodyRefused;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.ProblemDocuments;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/vote}: casting a vote from another client, the token being the voter's capability. On ballot day
 * this is the busiest request there is, so it is a plain servlet: the security and observation filters still run
 * before it, but not the dispatcher's handler lookup, argument resolution and content negotiation, which cost more
 * than the vote itself.
 */
final class VoteEndpoint extends HttpServlet {

    static final String PATH = "/api/vote";

    /**
     * A client's own secret for one vote, sent again with a retry of it: a retry whose first answer was lost is given
     * that vote's receipt instead of "already used" (see {@link ReceiptKeeping#ofRetry}).
     */
    static final String RETRY_KEY = "Idempotency-Key";

    /** A token is 43 characters and a choice a short label; anything much bigger is not a vote. */
    static final int MAX_BODY = 1024;

    record VoteRequest(String token, String choice) {
        @Override
        public String toString() {
            return "VoteRequest[choice hidden]";
        }
    }

    private final transient Casting casting;
    private final transient KeptReceipts keptReceipts;
    private final transient VoteThrottle throttle;
    private final transient JsonMapper json;

    VoteEndpoint(Casting casting, KeptReceipts keptReceipts, VoteThrottle throttle, JsonMapper json) {
        this.casting = casting;
        this.keptReceipts = keptReceipts;
        this.throttle = throttle;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String contentType = request.getContentType();
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            refused(response, BodyRefused.unsupported(List.of("application/json")));
            return;
        }
        // A vote is a token and a choice: anything bigger is refused naming the limit, as every JSON address does.
        if (request.getContentLengthLong() > MAX_BODY) {
            refused(response, BodyRefused.tooLarge(MAX_BODY));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refused(response, BodyRefused.tooLarge(MAX_BODY));
            return;
        }
        VoteRequest vote;
        try {
            vote = json.readValue(body, VoteRequest.class);
        } catch (JacksonException e) {
            // As every JSON address refuses a body: naming the field of the wrong type, or where it stops being JSON.
            invalid(response, JsonBodies.refusal(e));
            return;
        }
        if (vote == null || vote.token() == null || vote.token().isBlank()) {
            invalid(
                    response,
                    InvalidRequest.field("token", "token is required: the part of the voting link after /vote/"));
            return;
        }
        if (vote.choice() == null || vote.choice().isBlank()) {
            invalid(
                    response,
                    InvalidRequest.field("choice", "choice is required: one of the ballot's options, e.g. Yes"));
            return;
        }
        String retryKey = request.getHeader(RETRY_KEY);
        if (retryKey != null && !ReceiptKeeping.isRetryKey(retryKey)) {
            invalid(
                    response,
                    InvalidRequest.field(
                            RETRY_KEY,
                            RETRY_KEY + " must be " + ReceiptKeeping.SHORTEST_RETRY_KEY + " to "
                                    + SecretTokens.MAX_LENGTH
                                    + " random letters, digits, hyphens and underscores of your own (a random UUID"
                                    + " will do), the same for every retry of one vote"));
            return;
        }
        Optional<ReceiptKeeping> keeping =
                retryKey == null ? Optional.empty() : ReceiptKeeping.ofRetry(vote.token(), retryKey, vote.choice());
        try {
            receipt(response, casting.cast(vote.token(), vote.choice(), keeping).code());
        } catch (VoteRefused refused) {
            refuse(refused, keeping, request, response);
        }
    }

    private static void receipt(HttpServletResponse response, String receipt) throws IOException {
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentType("application/json");
        // A receipt is letters, digits and hyphens: nothing in it needs escaping.
        response.getOutputStream().write(("{\"receipt\":\"" + receipt + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A link already used by this very vote, retried with its key within the time a receipt is kept, is answered as the
     * first was; any other refusal says why.
     */
    private void refuse(
            VoteRefused refused,
            Optional<ReceiptKeeping> keeping,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (refused.reason() == VoteRefused.Reason.ALREADY_USED) {
            Optional<String> kept = keeping.flatMap(keptReceipts::find);
            if (kept.isPresent()) {
                receipt(response, kept.get());
                return;
            }
        }
        switch (refused.reason()) {
            case UNKNOWN_LINK -> unknownLink(request.getRemoteAddr(), response);
            case ALREADY_USED ->
                problem(
                        response,
                        HttpStatus.CONFLICT,
                        "This link has already been used to vote"
                                + (refused.ballot() == null
                                        ? ""
                                        : ". If you did not vote, tell the scrutineer at once: "
                                                + refused.ballot().senderAddress()));
            case REPLACED ->
                problem(
                        response,
                        HttpStatus.GONE,
                        "This link was replaced: a newer link was sent to you " + UkTime.onOrAt(refused.replacedAt())
                                + " (UK time). Use the link in that email.");
            case NOT_OPEN_YET ->
                problem(
                        response,
                        HttpStatus.FORBIDDEN,
                        "Voting opens " + UkTime.onOrAt(refused.ballot().opensAt()) + " (UK time)");
            case CLOSED ->
                problem(
                        response,
                        HttpStatus.FORBIDDEN,
                        "Voting closed " + UkTime.onOrAt(refused.ballot().closesAt()) + " (UK time)");
            case INVALID_CHOICE ->
                invalid(
                        response,
                        InvalidRequest.field(
                                "choice",
                                "choice must be one of "
                                        + String.join(", ", refused.ballot().options())));
        }
    }

    /**
     * Only unknown links count against an address: checking on every vote would cost each voter a query, and a
     * valid 256-bit link cannot be come across by guessing.
     */
    private void unknownLink(String address, HttpServletResponse response) throws IOException {
        Optional<RetryAfter> refused = throttle.refused(address);
        if (refused.isPresent()) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(refused.get().seconds()));
            problem(response, HttpStatus.TOO_MANY_REQUESTS, "Too many unknown links from this address; try later");
            return;
        }
        problem(response, HttpStatus.NOT_FOUND, "This voting link is not known");
    }

    /** A body refused unread or cut off, in the problem document every JSON address answers it with. */
    private void refused(HttpServletResponse response, BodyRefused refused) throws IOException {
        response.setStatus(refused.getStatusCode().value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), refused.document(PATH));
    }

    /** A request the caller can correct, in the document every other API address answers one with. */
    private void invalid(HttpServletResponse response, InvalidRequest invalid) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), invalid.document(PATH));
    }

    private void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", PATH);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        ServletRegistrationBean<VoteEndpoint> voteEndpoint(
                Casting casting, KeptReceipts keptReceipts, VoteThrottle throttle, JsonMapper json) {
            ServletRegistrationBean<VoteEndpoint> registration =
                    new ServletRegistrationBean<>(new VoteEndpoint(casting, keptReceipts, throttle, json), PATH);
            registration.setName("voteEndpoint");
            registration.setLoadOnStartup(1);
            return registration;
        }

        /** The servlet is not a controller, so its entry in the API description is written here. */
        @Bean
        OpenApiCustomizer voteEndpointDescription() {
            return openApi -> openApi.path(
                    PATH,
                    new PathItem()
                            .post(new Operation()
                                    .addTagsItem("voting")
                                    .summary("Cast a vote with a voting link's token")
                                    .description("The token is the voter's capability: no sign-in. Unknown links are"
                                            + " limited per address: 429 (a problem document, with Retry-After) after"
                                            + " too many from one. A retry of the same vote with the same "
                                            + RETRY_KEY + " within " + KeptReceipts.KEPT_FOR.toMinutes()
                                            + " minutes (never past the close) is given the"
                                            + " first answer's receipt.")
                                    .addParametersItem(new HeaderParameter()
                                            .name(RETRY_KEY)
                                            .required(false)
                                            .description(
                                                    ReceiptKeeping.SHORTEST_RETRY_KEY + " to " + SecretTokens.MAX_LENGTH
                                                            + " random letters, digits, hyphens and underscores of the"
                                                            + " client's own, the same for every retry of one vote")
                                            .schema(new StringSchema()))
                                    .requestBody(new RequestBody()
                                            .required(true)
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/json",
                                                            new MediaType()
                                                                    .schema(new ObjectSchema()
                                                                            .addProperty("token", new StringSchema())
                                                                            .addProperty(
                                                                                    "choice", new StringSchema())))))
                                    .responses(new ApiResponses()
                                            .addApiResponse(
                                                    "201",
                                                    new ApiResponse()
                                                            .description("Counted; the body holds the receipt code")
                                                            .content(
                                                                    new Content()
                                                                            .addMediaType(
                                                                                    "application/json",
                                                                                    new MediaType()
                                                                                            .schema(
                                                                                                    new ObjectSchema()
                                                                                                            .addProperty(
                                                                                                                    "receipt",
                                                                                                                    new StringSchema())))))
                                            .addApiResponse(
                                                    "400",
                                                    ProblemDocuments.refusal("Bad request, choice or " + RETRY_KEY))
                                            .addApiResponse("403", ProblemDocuments.refusal("Outside the window"))
                                            .addApiResponse("404", ProblemDocuments.refusal("Unknown link"))
                                            .addApiResponse("409", ProblemDocuments.refusal("Link already used"))
                                            .addApiResponse("410", ProblemDocuments.refusal("Link replaced"))
                                            .addApiResponse(
                                                    "413",
                                                    ProblemDocuments.refusal("Body over " + MAX_BODY
                                                            + " bytes; maxBytes gives the limit"))
                                            .addApiResponse(
                                                    "415",
                                                    ProblemDocuments.refusal("Not sent as application/json;"
                                                            + " acceptedTypes lists what is taken"))
                                            .addApiResponse(
                                                    "429",
                                                    ProblemDocuments.refusal(
                                                                    "Too many unknown links from the caller's address")
                                                            .addHeaderObject(
                                                                    HttpHeaders.RETRY_AFTER,
                                                                    new Header()
                                                                            .description("Seconds to wait until the"
                                                                                    + " address may try again")
                                                                            .schema(new IntegerSchema()))))));
        }
    }
}
