package org.gpaction.capacity.routing;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.ProblemDocuments;
import org.gpaction.practices.Practice;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/practices/{ods}/contacts}: a request recorded and given its outcome. It is the busiest request a
 * practice makes, so it is answered here, after the security filters have authenticated the caller and checked the
 * path, without the dispatcher's handler lookup (every mapping is tried against a path with a variable in it),
 * argument resolution, model attributes and content negotiation, which together cost more than the decision. Its
 * path has a variable in it, which a servlet mapping cannot express, hence a filter at the end of the chain; every
 * other request passes straight on.
 */
final class ContactsEndpoint extends OncePerRequestFilter {

    static final String PATH = "/api/practices/{ods}/contacts";

    /**
     * A client's own secret for one request, sent again with each retry of it, as {@code POST /api/vote} takes one: a
     * retry whose first answer was lost is given that request's outcome instead of recording another (see
     * {@link FormsOnce#retried}).
     */
    static final String RETRY_KEY = "Idempotency-Key";

    /**
     * The fewest characters of a retry key: 22 of the URL-safe alphabet hold 128 random bits. The most are those of any
     * secret the application takes, {@link SecretTokens#MAX_LENGTH}.
     */
    static final int SHORTEST_RETRY_KEY = 22;

    private static final Pattern CONTACTS = Pattern.compile("/api/practices/([^/]{1,64})/contacts");

    private final CapacityAccess access;
    private final Routing routing;
    private final DayViews views;
    private final JsonMapper json;
    private final FormsOnce formsOnce;

    ContactsEndpoint(CapacityAccess access, Routing routing, DayViews views, JsonMapper json, FormsOnce formsOnce) {
        this.access = access;
        this.routing = routing;
        this.views = views;
        this.json = json;
        this.formsOnce = formsOnce;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().endsWith("/contacts");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = CONTACTS.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!path.matches() || !(authentication.getPrincipal() instanceof StaffPrincipal staff)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            Practice practice = access.toRecord(staff, path.group(1));
            ContactsApiController.ContactRequest body = JsonBodies.readExactly(
                    request,
                    ContactsApiController.ContactRequest.class,
                    ContactsApiController.MAX_BODY,
                    ContactsApiController.CLINICIAN_INSTEAD);
            Router.Request asked = new Router.Request(
                    ContactsApiController.parse(Channel.class, "channel", body.channel()),
                    ContactsApiController.parse(RequestKind.class, "kind", body.kind()),
                    body.clinician());
            String retryKey = request.getHeader(RETRY_KEY);
            if (retryKey == null) {
                Routing.Routed routed = routing.route(practice, asked, staff.email(), views.now());
                response.setStatus(HttpStatus.CREATED.value());
                response.setContentType("application/json");
                json.writeValue(response.getOutputStream(), ContactAnswer.of(routed));
                return;
            }
            if (retryKey.length() < SHORTEST_RETRY_KEY || !SecretTokens.looksValid(retryKey)) {
                throw InvalidRequest.field(
                        RETRY_KEY,
                        RETRY_KEY + " must be " + SHORTEST_RETRY_KEY + " to " + SecretTokens.MAX_LENGTH + " random"
                                + " letters, digits, hyphens and underscores of your own (a random UUID will do), the"
                                + " same for every retry of one request");
            }
            String answer = formsOnce.retried(
                    retryKey,
                    staff.id(),
                    asked(asked),
                    practice.odsCode(),
                    String.class,
                    claim -> routing.route(
                            practice,
                            new Router.Request(asked.channel(), asked.kind(), asked.clinicianId(), claim),
                            staff.email(),
                            views.now()),
                    routed -> json.writeValueAsString(ContactAnswer.of(routed)));
            response.setStatus(HttpStatus.CREATED.value());
            response.setContentType("application/json");
            response.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidRequest invalid) {
            problem(request, response, invalid.toProblem());
        } catch (ResponseStatusException refused) {
            problem(request, response, refused.getBody());
        }
    }

    /** Every field that decides what is recorded, as a refused retry names them. */
    private static String asked(Router.Request asked) {
        return "channel " + asked.channel() + ", kind " + asked.kind()
                + (asked.clinicianId() == null ? "" : ", clinician " + asked.clinicianId());
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<ContactsEndpoint> contactsEndpoint(
                CapacityAccess access, Routing routing, DayViews views, JsonMapper json, FormsOnce formsOnce) {
            FilterRegistrationBean<ContactsEndpoint> registration =
                    new FilterRegistrationBean<>(new ContactsEndpoint(access, routing, views, json, formsOnce));
            registration.setName("contactsEndpoint");
            registration.addUrlPatterns("/api/practices/*");
            // After every other filter, Spring Security's included: the caller is known and allowed the path.
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }

        /** The filter is not a controller, so its entry in the API description is written here. */
        @Bean
        OpenApiCustomizer contactsEndpointDescription() {
            return openApi -> {
                Schema<?> request = new ObjectSchema()
                        .addProperty("channel", new StringSchema()._enum(names(Channel.values())))
                        .addProperty("kind", new StringSchema()._enum(names(RequestKind.values())))
                        .addProperty(
                                "clinician",
                                new IntegerSchema()
                                        .format("int64")
                                        .description("The clinician asked for; whoever has most room if none"))
                        .required(List.of("channel", "kind"));
                openApi.getComponents().addSchemas("ContactRequest", request);
                ModelConverters.getInstance(SpecVersion.V31.equals(openApi.getSpecVersion()))
                        .readAll(new AnnotatedType(ContactAnswer.class))
                        .forEach(openApi.getComponents()::addSchemas);
                openApi.path(
                        PATH,
                        new PathItem()
                                .post(new Operation()
                                        .addTagsItem("contacts-api-controller")
                                        .summary("Record a request and give it its one outcome")
                                        .description("BOOKED with a clinician as contact n of their cap, DIVERTED"
                                                + " with the signposting to show, or WAITLISTED for the next"
                                                + " working day. The practice's own staff and administrators. A"
                                                + " retry of the same request with the same " + RETRY_KEY
                                                + " by the same account within "
                                                + FormsOnce.RETRY_KEY_KEPT.toMinutes() + " minutes is given the"
                                                + " first answer's outcome, and nothing more is recorded.")
                                        .addParametersItem(new PathParameter()
                                                .name("ods")
                                                .description("The practice's ODS code")
                                                .schema(new StringSchema()))
                                        .addParametersItem(new HeaderParameter()
                                                .name(RETRY_KEY)
                                                .required(false)
                                                .description(SHORTEST_RETRY_KEY + " to " + SecretTokens.MAX_LENGTH
                                                        + " random letters, digits, hyphens and underscores of the"
                                                        + " client's own, the same for every retry of one request")
                                                .schema(new StringSchema()))
                                        .requestBody(
                                                new RequestBody()
                                                        .required(true)
                                                        .content(
                                                                new Content()
                                                                        .addMediaType(
                                                                                "application/json",
                                                                                new MediaType()
                                                                                        .schema(
                                                                                                new Schema<>()
                                                                                                        .$ref(
                                                                                                                "#/components/schemas/ContactRequest")))))
                                        .responses(new ApiResponses()
                                                .addApiResponse(
                                                        "201",
                                                        new ApiResponse()
                                                                .description("The outcome")
                                                                .content(
                                                                        new Content()
                                                                                .addMediaType(
                                                                                        "application/json",
                                                                                        new MediaType()
                                                                                                .schema(
                                                                                                        new Schema<>()
                                                                                                                .$ref(
                                                                                                                        "#/components/schemas/ContactOutcome")))))
                                                .addApiResponse(
                                                        "400",
                                                        ProblemDocuments.refusal("A field to fix, named, or a field"
                                                                + " the body does not take, or an " + RETRY_KEY
                                                                + " that is not one; nothing is recorded"))
                                                .addApiResponse(
                                                        "403",
                                                        ProblemDocuments.refusal("Not one of the practice's own staff"))
                                                .addApiResponse(
                                                        "404",
                                                        ProblemDocuments.refusal(
                                                                "No practice by that code you can see"))
                                                .addApiResponse(
                                                        "409",
                                                        ProblemDocuments.refusal(
                                                                "The practice's safe working is not set"
                                                                        + " up, or the practice directory says the"
                                                                        + " practice is not open today (closed,"
                                                                        + " dormant or only proposed); or the "
                                                                        + RETRY_KEY + " was sent with another"
                                                                        + " request, or its first request is"
                                                                        + " still being recorded; nothing is"
                                                                        + " recorded")))));
            };
        }

        private static List<String> names(Enum<?>[] values) {
            return java.util.Arrays.stream(values).map(Enum::name).toList();
        }
    }
}
