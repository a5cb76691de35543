package org.gpaction.actions.practice;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.MenuAction;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.RolePaths;
import org.gpaction.common.web.ScopedPaths;
import org.gpaction.practices.Practice;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A practice's actions through the API, with the same access rules as its page. A change's body is read only once the
 * caller may change that practice.
 */
@RestController
@JsonApi
class PracticeActionsApiController {

    /** Room for a note or reason of {@link PracticeActions#MAX_TEXT} characters, each escaped, and the rest. */
    static final int MAX_BODY = 16 * 1024;

    record ChooseRequest(Integer actionNumber, String from, String note) {}

    /**
     * A field of the answers that a stop sent under its name would otherwise lose: how an action ended is endedHow in
     * an answer, how in a stop.
     */
    private static final Map<String, String> ANSWER_NAMES = Map.of("endedHow", "how");

    /** @param how STOPPED (the default) or DE_ESCALATED; an action that has not started is withdrawn whichever */
    record StopRequest(String on, String reason, String how) {}

    record PeriodView(int actionNumber, String title, LocalDate from, LocalDate to, EndedHow endedHow) {}

    /**
     * @param warning for a phase two action, the warning the choose page gives beside it before it is ticked, as the
     *     API has no page to give it first; else null
     */
    record ChosenView(
            int actionNumber, String title, LocalDate from, LocalDate to, EndedHow endedHow, String warning) {}

    record DeferralView(String subject, LocalDate reviewOn) {}

    /**
     * @param to the day it stops being in force, once its stop is recorded (it is not stopped again, but while planned
     *     it can still be withdrawn); else null
     */
    record CurrentView(
            int actionNumber,
            String title,
            LocalDate from,
            boolean planned,
            List<DeferralView> deferralsDueForReview,
            LocalDate to) {}

    record EventView(
            Integer actionNumber,
            TimelineEvent.Kind kind,
            LocalDate effectiveOn,
            String detail,
            Instant recordedAt,
            String recordedBy) {}

    record PracticeActionsView(
            String odsCode,
            String name,
            LocalDate today,
            int menuVersion,
            List<CurrentView> current,
            List<PeriodView> history,
            List<EventView> timeline) {}

    private final PracticeAccess access;
    private final PracticeActions actions;

    PracticeActionsApiController(PracticeAccess access, PracticeActions actions) {
        this.access = access;
        this.actions = actions;
    }

    @GetMapping("/api/practices/{ods}/actions")
    PracticeActionsView list(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff) {
        return view(actions.overview(access.toSee(staff, ods)));
    }

    @PostMapping("/api/practices/{ods}/actions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Choose an action from the menu for the practice, from a start date",
            description = "400 names each field to fix, and any field sent that the body does not take. 409 when the"
                    + " practices directory has the practice closed, dormant or not yet open on the start date (from),"
                    + " saying why and naming its close date."
                    + " A phase two action, which may breach the contract, is recorded as any other, and the answer's"
                    + " warning says so in the words the choose page puts beside it; warning is null for a phase one"
                    + " action.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ChooseRequest.class)))
    ChosenView choose(
            @PathVariable String ods, HttpServletRequest body, @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toChange(staff, ods);
        ChooseRequest request = JsonBodies.readExactly(body, ChooseRequest.class, MAX_BODY, Map.of());
        ActionPeriod period = actions.choose(practice, request.actionNumber(), request.from(), request.note(), staff);
        PracticeActions.Overview overview = actions.overview(practice);
        PeriodView view = period(period, overview);
        String warning = overview.action(period.actionNumber())
                .filter(MenuAction::mayBreachContract)
                .map(action -> MenuAction.PHASE_TWO_WARNING)
                .orElse(null);
        return new ChosenView(view.actionNumber(), view.title(), view.from(), view.to(), view.endedHow(), warning);
    }

    @PostMapping("/api/practices/{ods}/actions/{number}/stop")
    @Operation(
            summary = "Stop, de-escalate or withdraw an action the practice has in force or planned",
            description = "on is the first day the action is no longer in force; how is STOPPED (the default) or"
                    + " DE_ESCALATED (only for an action the menu lets be de-escalated). An action that has not"
                    + " started yet is withdrawn by a stop on or before its first day, even when its stop is already"
                    + " recorded: it is never in force, the answer has endedHow WITHDRAWN and to equal to from, and"
                    + " the timeline records WITHDRAWN. Otherwise a stop once recorded stays as it is: an action with"
                    + " one (to in current) is not stopped again."
                    + " 400 names each field to fix, and any field sent that the body does not take (endedHow, the"
                    + " answer's name, is refused saying to send how): nothing is recorded.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StopRequest.class)))
    PeriodView stop(
            @PathVariable String ods,
            @PathVariable int number,
            HttpServletRequest body,
            @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toChange(staff, ods);
        StopRequest request = JsonBodies.readExactly(body, StopRequest.class, MAX_BODY, ANSWER_NAMES);
        ActionPeriod period = actions.stop(practice, number, request.on(), request.reason(), how(request.how()), staff);
        return period(period, actions.overview(practice));
    }

    /**
     * A refusal as its own problem document: a body refused ({@link org.gpaction.common.web.BodyRefused}) keeps its
     * title, {@code maxBytes} or {@code acceptedTypes} and {@code errors}.
     */
    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail refused(ResponseStatusException e) {
        return e.getBody();
    }

    /** A choice from a day the directory has the practice closed, dormant or not yet open: a state, not a typo. */
    @ExceptionHandler(PracticeNotOpen.class)
    ProblemDetail notOpen(PracticeNotOpen e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "from", "message", e.getMessage())));
        return problem;
    }

    static EndedHow how(String value) {
        if (value == null || value.isBlank()) {
            return EndedHow.STOPPED;
        }
        return sentHow(value);
    }

    /** How an action ends as sent, which must be one of the two ways; the stop form always sends one. */
    static EndedHow sentHow(String value) {
        return switch (value == null ? "" : value.strip()) {
            case "STOPPED" -> EndedHow.STOPPED;
            case "DE_ESCALATED" -> EndedHow.DE_ESCALATED;
            default -> throw InvalidRequest.field("how", "how must be STOPPED or DE_ESCALATED");
        };
    }

    private static PracticeActionsView view(PracticeActions.Overview overview) {
        return new PracticeActionsView(
                overview.practice().odsCode(),
                overview.practice().name(),
                overview.today(),
                overview.menu().version(),
                overview.current().stream()
                        .map(current -> new CurrentView(
                                current.period().actionNumber(),
                                current.action().title(),
                                current.period().from(),
                                current.isPlanned(overview.today()),
                                current.dueForReview().stream()
                                        .map(d -> new DeferralView(d.subject(), d.reviewOn()))
                                        .toList(),
                                current.period().to()))
                        .toList(),
                overview.history().stream().map(p -> period(p, overview)).toList(),
                overview.timeline().stream()
                        .map(e -> new EventView(
                                e.actionNumber(),
                                e.kind(),
                                e.effectiveOn(),
                                e.detail(),
                                e.recordedAt(),
                                e.recordedBy()))
                        .toList());
    }

    static PeriodView period(ActionPeriod period, PracticeActions.Overview overview) {
        String title =
                overview.action(period.actionNumber()).map(MenuAction::title).orElse("Action " + period.actionNumber());
        return new PeriodView(period.actionNumber(), title, period.from(), period.to(), period.endedHow());
    }

    /** Who may change a practice's actions, decided before the request's body is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths practiceActionChanges() {
            return RolePaths.of(
                            "POST",
                            List.of("/api/practices/{ods}/actions", "/api/practices/{ods}/actions/{number}/stop"),
                            "PRACTICE_MANAGER",
                            "ADMIN")
                    .refusedWith("Only the practice's managers and administrators can change its actions");
        }

        /** The practice's pages: choosing, stopping, notes, the notice's settings, the subscription. */
        private static final List<String> PRACTICE_FORMS = List.of(
                "/actions/practices/{ods}/choose",
                "/actions/practices/{ods}/actions/{number}/stop",
                "/actions/practices/{ods}/notes",
                "/actions/practices/{ods}/settings",
                "/actions/practices/{ods}/subscription");

        /** The same for the practice's pages. */
        @Bean
        RolePaths practiceActionForms() {
            return RolePaths.of("POST", PRACTICE_FORMS, "PRACTICE_MANAGER", "ADMIN")
                    .refusedWith("Only the practice's managers and administrators can change its actions");
        }

        /** And only for a practice the sender manages, as its pages answer. */
        @Bean
        ScopedPaths practiceActionFormsOfOnePractice(PracticeAccess access) {
            return new ScopedPaths("POST", PRACTICE_FORMS, "ods", (principal, ods) -> {
                if (principal instanceof StaffPrincipal staff) {
                    access.toChange(staff, ods);
                }
            });
        }
    }
}
