package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reception board: each clinician's day at a glance, one click (or key) to record a request, undo within two
 * minutes, or withdraw an online request that is not genuine. The live part refreshes itself every few seconds with
 * htmx; without JavaScript the page is refreshed by hand, and every button is a plain form.
 */
@Controller
class BoardController {

    /**
     * Routing refuses as invalid only a clinician who is not one of the practice's now, which the board's own form sends
     * when the clinician was taken out of the set-up after the board was shown.
     */
    static final String CLINICIAN_TAKEN_OUT = "The clinician chosen was taken out of the set-up since the board was"
            + " shown, so nothing was recorded: choose a clinician again, or whoever has most room.";

    /** How often a board in a browser without JavaScript reloads itself. */
    static final int REFRESH_WITHOUT_SCRIPT_SECONDS = 30;

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
    static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK);

    /**
     * What the last click did, carried across the redirect so a refresh never records it twice; it travels in the
     * page session, which is stored in PostgreSQL, so it must be serializable.
     */
    record LastOutcome(long id, String headline, String detail, boolean mayUndo) implements java.io.Serializable {}

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final Routing routing;
    private final DayCorrections corrections;
    private final DayViews views;
    private final ContactRequests requests;
    private final FormsOnce formsOnce;

    BoardController(
            CapacityAccess access,
            PracticeSetups setups,
            Routing routing,
            DayCorrections corrections,
            DayViews views,
            ContactRequests requests,
            FormsOnce formsOnce) {
        this.access = access;
        this.setups = setups;
        this.routing = routing;
        this.corrections = corrections;
        this.views = views;
        this.requests = requests;
        this.formsOnce = formsOnce;
    }

    @GetMapping("/safe-working")
    String start(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        model.addAttribute("practices", access.ownPractices(staff));
        model.addAttribute("admin", staff.role() == StaffRole.ADMIN);
        model.addAttribute("lmcOfficer", staff.role() == StaffRole.LMC_OFFICER);
        return "capacity/start";
    }

    @GetMapping("/safe-working/find")
    String find(@RequestParam(required = false) String ods) {
        String code = ods == null ? "" : ods.strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return code.isEmpty() ? "redirect:/safe-working" : "redirect:/safe-working/" + code;
    }

    @GetMapping("/safe-working/{ods}")
    String board(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toRead(staff, ods);
        PracticeSetup setup = setups.find(practice.odsCode()).orElse(null);
        model.addAttribute("practice", practice);
        model.addAttribute("mayManage", CapacityAccess.mayManage(staff));
        if (setup == null) {
            return "capacity/not-set-up";
        }
        live(practice, setup, model);
        model.addAttribute("clinicians", setup.clinicians());
        // A practice the directory says has closed offers no buttons to record with: recording it would be refused.
        model.addAttribute("notRecording", access.notRecording(practice));
        // Each form's one-time value: the same click sent twice records one request (see FormsOnce).
        model.addAttribute("onceRecord", FormsOnce.fresh());
        model.addAttribute("onceDivert", FormsOnce.fresh());
        // Without JavaScript the figures are not fetched every few seconds, so the whole board is reloaded instead.
        model.addAttribute("refreshWithoutScript", REFRESH_WITHOUT_SCRIPT_SECONDS);
        return "capacity/board";
    }

    @GetMapping("/safe-working/{ods}/live")
    String livePart(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toRead(staff, ods);
        model.addAttribute("mayManage", CapacityAccess.mayManage(staff));
        live(practice, routing.setupOf(practice.odsCode()), model);
        return "capacity/board :: live";
    }

    @PostMapping("/safe-working/{ods}/requests")
    String record(
            @PathVariable String ods,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String clinician,
            @RequestParam(required = false) String once,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        Practice practice = access.toRecord(staff, ods);
        RequestKind requestKind = ContactsApiController.parse(RequestKind.class, "kind", kind);
        Channel requestChannel = channel == null || channel.isBlank()
                ? Channel.RECEPTION
                : ContactsApiController.parse(Channel.class, "channel", channel);
        if (requestChannel == Channel.ONLINE) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "Online requests come through the practice's front door, not the board");
        }
        Long clinicianId = clinician == null || clinician.isBlank() ? null : parseId(clinician);
        String asked = "record " + requestChannel + " " + requestKind + " " + clinicianId;
        LastOutcome last;
        try {
            last = formsOnce.once(
                    once,
                    asked,
                    practice.odsCode(),
                    LastOutcome.class,
                    claim -> routing.route(
                            practice,
                            new Router.Request(requestChannel, requestKind, clinicianId, claim),
                            staff.email(),
                            views.now()),
                    routed -> describe(routed, requestChannel, requestKind));
        } catch (InvalidRequest noLongerThere) {
            // The board lists the clinicians there were when it was shown; shown again, it lists those there are.
            redirect.addFlashAttribute("notRecorded", CLINICIAN_TAKEN_OUT);
            return "redirect:/safe-working/" + practice.odsCode();
        }
        redirect.addFlashAttribute("last", last);
        return "redirect:/safe-working/" + practice.odsCode();
    }

    @PostMapping("/safe-working/{ods}/diversions")
    String divert(
            @PathVariable String ods,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String once,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        Practice practice = access.toRecord(staff, ods);
        RequestKind requestKind = kind == null || kind.isBlank()
                ? RequestKind.ROUTINE
                : ContactsApiController.parse(RequestKind.class, "kind", kind);
        LastOutcome last = formsOnce.once(
                once,
                "signpost " + requestKind,
                practice.odsCode(),
                LastOutcome.class,
                claim -> routing.divertByReception(practice, requestKind, staff.email(), views.now(), claim),
                routed -> describe(routed, Channel.RECEPTION, requestKind));
        redirect.addFlashAttribute("last", last);
        return "redirect:/safe-working/" + practice.odsCode();
    }

    @PostMapping("/safe-working/{ods}/requests/{id}/undo")
    String undo(
            @PathVariable String ods,
            @PathVariable long id,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        // Taking a request back changes the counts as recording one does, so it follows the same rule.
        Practice practice = access.toRecord(staff, ods);
        String done = "Request " + id + " was undone.";
        try {
            corrections.undo(practice, id, views.now(), staff.email());
            redirect.addFlashAttribute("undone", done);
        } catch (DayCorrections.AlreadyUndone e) {
            // Undo clicked twice, or its form sent twice, finds the request undone by the same person: their undo,
            // answered as the first click was. Undone by someone else, it says so.
            redirect.addFlashAttribute("undone", e.by(staff.email()) ? done : e.getReason());
        } catch (ResponseStatusException e) {
            redirect.addFlashAttribute("undone", e.getReason());
        }
        return "redirect:/safe-working/" + practice.odsCode();
    }

    /**
     * An online request staff judge not genuine, withdrawn from the board's latest requests or from a waiting list
     * ({@link DayCorrections#withdraw}); the answer is shown as an undo's is, on the list it was withdrawn from when
     * the form names the list's day.
     */
    @PostMapping("/safe-working/{ods}/requests/{id}/withdraw")
    String withdraw(
            @PathVariable String ods,
            @PathVariable long id,
            @RequestParam(required = false) String day,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        // Withdrawing a request changes the counts as recording one does, so it follows the same rule.
        Practice practice = access.toRecord(staff, ods);
        LocalDate listDay = day == null || day.isBlank() ? null : CapacityDates.dayOnPage("day", day);
        String done = "Online request " + id + " was withdrawn as not genuine.";
        String answer;
        try {
            corrections.withdraw(practice, id, views.now(), staff.email());
            answer = done;
        } catch (DayCorrections.AlreadyUndone e) {
            answer = e.by(staff.email()) ? done : e.getReason();
        } catch (ResponseStatusException e) {
            answer = e.getReason();
        }
        if (listDay != null) {
            redirect.addFlashAttribute("withdrawal", answer);
            return "redirect:/safe-working/" + practice.odsCode() + "/waiting-list?day=" + listDay;
        }
        redirect.addFlashAttribute("undone", answer);
        return "redirect:/safe-working/" + practice.odsCode();
    }

    private void live(Practice practice, PracticeSetup setup, Model model) {
        Instant now = views.now();
        LocalDate today = PracticeCalendar.dayOf(now);
        DayViews.DayView day = views.day(practice, setup, today);
        model.addAttribute("practice", practice);
        model.addAttribute("day", day);
        model.addAttribute("dayText", DAY.format(today));
        model.addAttribute("reopens", day.reopensAt() == null ? null : UkTime.format(day.reopensAt()));
        model.addAttribute("reopensWhen", day.reopensAt() == null ? null : UkTime.onOrAt(day.reopensAt()));
        model.addAttribute("full", fullMeans(day, setup));
        model.addAttribute("recent", requests.recent(practice.odsCode(), today, 10));
        model.addAttribute("undoAfter", now.minus(DayCorrections.UNDO_WITHIN));
    }

    /**
     * What happens to new requests once every clinician is full with action 1 in force, in either front-door mode, as
     * {@link #fullMeans} says it for the day: the cap page and its confirmation say it in these words.
     */
    static final String WHEN_FULL = "routine requests go on the waiting list for the next working day with room"
            + " (online ones too if the online front door stays open when full; otherwise it closes until then), and"
            + " urgent requests and NHS 111 bookings are signposted elsewhere";

    /**
     * What full means now, in the practice's front-door mode: reception's routine requests go on the next working day
     * with room's waiting list either way; online ones go on it too when the practice stays open, while a practice that
     * closes (or is paused) shuts its online front door until then. Null when the practice is not full.
     */
    static String fullMeans(DayViews.DayView day, PracticeSetup setup) {
        if (day.status() != CapacityStatus.FULL) {
            return null;
        }
        if (day.waitingListDay() == null) {
            return "no working day within a month has room: routine requests are signposted elsewhere";
        }
        String waiting = "routine requests go on the waiting list for " + WEEKDAY.format(day.waitingListDay());
        if (day.pause() == null && setup.whenFull() == WhenFull.STAY_OPEN_SIGNPOST) {
            return waiting + ", online ones too: the online front door stays open";
        }
        if (day.reopensAt() == null) {
            // Paused past the last day with room within a month of the pause's end: the waiting list's day is no
            // answer.
            return waiting + "; the online front door is paused and it is not known when it opens again";
        }
        return waiting + "; the online front door is closed until " + UkTime.format(day.reopensAt());
    }

    private static LastOutcome describe(Routing.Routed routed, Channel channel, RequestKind kind) {
        String what = switch (kind) {
            case URGENT -> "Urgent request";
            case ROUTINE -> "Routine request";
            case ADMIN -> "Admin request";
        };
        if (routed.decision() instanceof Router.Booked) {
            if (routed.clinician() == null) {
                return new LastOutcome(
                        routed.id(), what + " recorded", "Not counted toward any clinician's cap.", true);
            }
            return new LastOutcome(
                    routed.id(),
                    what + " booked with " + routed.clinician().label(),
                    "Contact " + routed.contactNumber() + " of "
                            + routed.clinician().cap() + " today.",
                    true);
        }
        if (routed.decision() instanceof Router.Waitlisted waitlisted) {
            return new LastOutcome(
                    routed.id(),
                    what + " put on the waiting list",
                    "For " + DAY.format(waitlisted.forDay())
                            + ". Tell the patient where else to go if they need help sooner.",
                    true);
        }
        Router.Diverted diverted = (Router.Diverted) routed.decision();
        String places = routed.signposts().isEmpty()
                ? "NHS 111"
                : String.join(
                        ", ",
                        routed.signposts().stream().limit(3).map(s -> s.name()).toList());
        // Reception puts routine need (and admin counted against the caps) beyond today's room on the waiting list in
        // either front-door mode: full, it is signposted only when urgent need finds no room left today, when NHS 111
        // books it (only ever for today), or when no working day within a month has room.
        String why = switch (diverted.reason()) {
            case FULL ->
                kind == RequestKind.URGENT
                        ? "No clinician has room left today, the urgent reserve included"
                        : channel == Channel.NHS111
                                ? "The practice is full for routine need today and NHS 111 books only same-day"
                                        + " appointments, so it is not put on the waiting list"
                                : "The practice is full today and no working day within a month has room for its"
                                        + " waiting list";
            case OUTSIDE_CORE_HOURS -> "The practice is closed at this time";
            case SUSPENDED -> "The practice has paused online requests";
            case NHS111_ALLOWANCE_USED -> "NHS 111 has booked all the same-day appointments it may book today";
            case SIGNPOSTED_BY_RECEPTION -> "Reception signposted the patient elsewhere";
        };
        return new LastOutcome(routed.id(), what + " signposted elsewhere", why + ". Suggest: " + places + ".", true);
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Choose a clinician from the list");
        }
    }
}
