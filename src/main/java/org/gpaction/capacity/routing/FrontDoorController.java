package org.gpaction.capacity.routing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.web.TooManyRequestsPage;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The practice's online front door, a public page the practice website links to: when there is room it hands the
 * patient on to the practice's own online consultation tool (that hand-over is a contact); when full, it shows where
 * else to go and when it reopens. Its state is also public as JSON for practice websites
 * ({@link FrontDoorStateController}).
 */
@Controller
class FrontDoorController {

    private final FrontDoors frontDoors;
    private final DayViews views;
    private final Routing routing;
    private final FrontDoorLimits limits;
    private final FormsOnce formsOnce;

    FrontDoorController(
            FrontDoors frontDoors, DayViews views, Routing routing, FrontDoorLimits limits, FormsOnce formsOnce) {
        this.frontDoors = frontDoors;
        this.views = views;
        this.routing = routing;
        this.limits = limits;
        this.formsOnce = formsOnce;
    }

    /** "Monday 11 January": the day a request waits for, in UK time. */
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK).withZone(UkTime.ZONE);

    /**
     * The front door; {@code expired} when a request sent from it came back refused because the page sat open longer
     * than its session, so the patient is told to choose again.
     */
    @GetMapping("/p/{ods}")
    String page(
            @PathVariable String ods,
            @RequestParam(required = false) String expired,
            HttpServletRequest request,
            Model model) {
        FrontDoors.Served served = lookUp(ods, request);
        DayViews.FrontDoor door = views.frontDoor(served.practice(), served.setup());
        show(model, served.practice(), door);
        model.addAttribute("expired", expired != null);
        // The form sent too late is named in the form's error summary, so the title says so too.
        model.addAttribute("hasErrors", expired != null && door.takesRequests());
        return door.takesRequests() ? "capacity/front-door" : "capacity/front-door-closed";
    }

    /**
     * A patient's request: decided and recorded once, then answered by a redirect to {@link #sent}, so that reloading
     * the answer never sends the request again. Every post counts as a look-up before its form is acted on, so that
     * bad or unknown requests are limited too; a request that will be decided also counts as one sent. The form itself
     * is held to the body limit before anything reads it (a file sent here is refused unread).
     */
    @PostMapping("/p/{ods}")
    String request(
            @PathVariable String ods,
            @RequestParam(required = false) String need,
            @RequestParam(required = false) String once,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpSession session,
            Model model) {
        FrontDoors.Served served = lookUp(ods, request);
        Practice practice = served.practice();
        RequestKind kind;
        try {
            kind = RequestKind.valueOf(need == null ? "" : need.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            show(model, practice, views.frontDoor(practice, served.setup()));
            model.addAttribute("needError", "Choose what you need help with");
            model.addAttribute("hasErrors", true);
            return "capacity/front-door";
        }
        // Refused at once when a limit is already full, before the form's value is claimed or anything waits for a
        // lock, and counted against neither; the locked check in the claim below still decides the rest. A form sent
        // before (a double click whose first sending took the last place) goes on, to be answered with its outcome.
        // The order matters: sentBefore is read only after the counts (Optional.filter runs only on a refusal). A
        // sending claims its value before it is counted, so counts found full by a double click's second sending that
        // the first filled were filled after its claim, which sentBefore then sees. Read the other way round, the
        // first could claim and be counted between the two reads, and the patient be told they sent too many.
        FrontDoorLimits.RequestLimits limited = limits.request(
                request.getRemoteAddr(), practice.odsCode(), served.setup(), PracticeCalendar.dayOf(views.now()));
        limited.refusedAlready()
                .filter(refusal -> !formsOnce.sentBefore(once, kind.name(), practice.odsCode()))
                .ifPresent(refusal -> {
                    throw new TooMany(FrontDoorLimits.REQUEST_WINDOW, served, refusal);
                });
        // The same form sent twice (a double click) is one request: the second is answered with the first's outcome.
        // Sent again after the server stopped before answering, it is answered with the request the first recorded.
        Sent sent = formsOnce.once(
                once,
                kind.name(),
                practice.odsCode(),
                Sent.class,
                claim -> {
                    Instant now = views.now();
                    limited.refuses().ifPresent(refusal -> {
                        throw new TooMany(FrontDoorLimits.REQUEST_WINDOW, served, refusal);
                    });
                    return routing.route(practice, new Router.Request(Channel.ONLINE, kind, null, claim), null, now);
                },
                routed -> Sent.of(routed.decision(), views.now()));
        session.setAttribute(Sent.key(practice.odsCode()), sent);
        return "redirect:/p/" + practice.odsCode() + "/sent";
    }

    /**
     * What became of the patient's last request to this practice, kept in their session for {@link Sent#SHOWN_FOR}:
     * reloading shows it again and sends nothing. Without one, the front door itself.
     */
    @GetMapping("/p/{ods}/sent")
    String sent(@PathVariable String ods, HttpServletRequest request, HttpSession session, Model model) {
        FrontDoors.Served served = lookUp(ods, request);
        Practice practice = served.practice();
        if (!(session.getAttribute(Sent.key(practice.odsCode())) instanceof Sent last) || !last.shownAt(views.now())) {
            return "redirect:/p/" + practice.odsCode();
        }
        show(model, practice, views.frontDoor(practice, served.setup()));
        return switch (last.outcome()) {
            case BOOKED -> {
                model.addAttribute("placeKept", last.withClinician());
                yield "capacity/front-door-continue";
            }
            case WAITLISTED -> {
                model.addAttribute("forDay", DAY.format(last.forDay()));
                yield "capacity/front-door-waitlisted";
            }
            case DIVERTED -> "capacity/front-door-closed";
        };
    }

    private void show(Model model, Practice practice, DayViews.FrontDoor door) {
        model.addAttribute("practice", practice);
        // For a patient told to phone the practice: about a request sent without an online form of its own, or for
        // need that cannot wait when the practice is full.
        model.addAttribute("phone", frontDoors.phone(practice).orElse(null));
        model.addAttribute("once", FormsOnce.fresh());
        model.addAttribute("door", door);
        model.addAttribute("reopens", door.reopensAt() == null ? null : UkTime.format(door.reopensAt()));
        model.addAttribute("reopensWhen", door.reopensAt() == null ? null : UkTime.onOrAt(door.reopensAt()));
        // Full, the day a routine request waits for: the next working day with room beyond those listed for it.
        model.addAttribute("reopensDay", door.waitingListDay() == null ? null : DAY.format(door.waitingListDay()));
    }

    /**
     * The practice whose front door a page shows, counted as a look-up from the caller's address; a practice the
     * directory says is not open today (closed, dormant or only proposed) shows no form and takes no request.
     */
    private FrontDoors.Served lookUp(String ods, HttpServletRequest request) {
        if (!limits.mayLookUp(request.getRemoteAddr())) {
            throw new TooMany(FrontDoorLimits.LOOKUP_WINDOW, null, FrontDoorLimits.Refusal.NETWORK);
        }
        FrontDoors.Served served = frontDoors.served(ods).orElseThrow(NoFrontDoor::new);
        frontDoors.notOpenToday(served.practice()).ifPresent(problem -> {
            throw new NotOpen(served.practice(), problem);
        });
        return served;
    }

    /**
     * An address past one of the front door's limits, told to wait the limit's window; with the practice its request
     * was for, when it was refused a request, so the patient is still told where else to go and how to phone, and
     * which limit refused it: the sender's network's, or the practice's own ceiling.
     */
    static final class TooMany extends RuntimeException {
        private final Duration window;
        private final transient FrontDoors.Served served;
        private final FrontDoorLimits.Refusal refusal;

        TooMany(Duration window, FrontDoors.Served served, FrontDoorLimits.Refusal refusal) {
            super(null, null, false, false);
            this.window = window;
            this.served = served;
            this.refusal = refusal;
        }
    }

    /** No practice by the code asked for runs its front door here. */
    static final class NoFrontDoor extends RuntimeException {
        NoFrontDoor() {
            super(null, null, false, false);
        }
    }

    /** The practice is closed, dormant or only proposed by the practice directory, today. */
    static final class NotOpen extends RuntimeException {
        private final transient Practice practice;
        private final String problem;

        NotOpen(Practice practice, String problem) {
            super(null, null, false, false);
            this.practice = practice;
            this.problem = problem;
        }
    }

    /**
     * A refusal by a limit says when to come back, to people and to scripts alike: the limit's whole window. A request
     * refused is answered with the practice's places to go now and its phone, as a full practice's is: a patient who
     * cannot wait is never left with nothing. Nothing is recorded for it.
     */
    @ExceptionHandler(TooMany.class)
    String busy(TooMany refused, HttpServletResponse response, Model model) {
        TooManyRequestsPage.refuse(new RetryAfter(refused.window), response);
        model.addAttribute("wait", FrontDoorLimits.waitWords(refused.window));
        // The practice's ceiling met is no fault of the patient's connection, and is said so.
        model.addAttribute("practiceBusy", refused.refusal == FrontDoorLimits.Refusal.PRACTICE);
        if (refused.served != null) {
            Practice practice = refused.served.practice();
            show(model, practice, views.frontDoor(practice, refused.served.setup()));
        }
        return "capacity/front-door-busy";
    }

    @ExceptionHandler(NoFrontDoor.class)
    String unknown(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "capacity/front-door-unknown";
    }

    /** Gone rather than not found: the practice was here, and the patient is told it has closed and where to go. */
    @ExceptionHandler(NotOpen.class)
    String notOpen(NotOpen refused, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.GONE.value());
        model.addAttribute("practice", refused.practice);
        model.addAttribute("problem", refused.problem);
        model.addAttribute(
                "closed", refused.practice.status() == PracticeStatus.CLOSED || refused.practice.closedOn() != null);
        return "capacity/front-door-gone";
    }

    /**
     * A request's outcome as its patient's session keeps it: nothing about the patient, only what to show them. The
     * session is stored in the database under this class's name, so it stays here: moved, the sessions of patients
     * mid-request when the new version starts would no longer be read.
     *
     * @param withClinician booked with a clinician, so a contact is kept for the patient today; not so for an admin
     *     request the practice does not count, nor before action 1 with nobody at work
     */
    record Sent(Outcome outcome, LocalDate forDay, Instant at, boolean withClinician) implements Serializable {

        /** How long the answer is shown again on reloading: long enough to finish, not to share. */
        static final Duration SHOWN_FOR = Duration.ofMinutes(30);

        static String key(String odsCode) {
            return "capacity.front-door.sent." + odsCode;
        }

        static Sent of(Router.Decision decision, Instant at) {
            if (decision instanceof Router.Waitlisted waitlisted) {
                return new Sent(Outcome.WAITLISTED, waitlisted.forDay(), at, false);
            }
            if (decision instanceof Router.Booked booked) {
                return new Sent(Outcome.BOOKED, null, at, booked.clinician() != null);
            }
            return new Sent(Outcome.DIVERTED, null, at, false);
        }

        boolean shownAt(Instant now) {
            return now.isBefore(at.plus(SHOWN_FOR));
        }
    }
}
