package org.gpaction.capacity.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.SetupLog;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Corrections to a day already under way: reception takes back a request it recorded by mistake, staff withdraw one
 * sent through the online front door that is not genuine, a manager changes one day's caps. Each holds the lock of the
 * day it changes, as a booking that day does, so none races a booking on that day. A request on the waiting list is
 * booked on a later day, under that day's lock and not its own, so the day's lock does not keep an undo or withdrawal
 * of it apart from a booking from the list: both hold the request's own row ({@link WaitingList#hold}, for update) and
 * read it afresh once they hold it, so whichever comes second sees what the first did (booked from the list, or taken
 * back) and is refused.
 */
@Service
class DayCorrections {

    static final Duration UNDO_WITHIN = Duration.ofMinutes(2);

    private final PracticeSetups setups;
    private final SetupLog setupLog;
    private final PracticeDay days;
    private final ClinicianDays clinicians;
    private final ContactRequests requests;
    private final WaitingList waitingList;
    private final WaitingListForDay lists;
    private final DayFills fills;

    DayCorrections(
            PracticeSetups setups,
            SetupLog setupLog,
            PracticeDay days,
            ClinicianDays clinicians,
            ContactRequests requests,
            WaitingList waitingList,
            WaitingListForDay lists,
            DayFills fills) {
        this.setups = setups;
        this.setupLog = setupLog;
        this.days = days;
        this.clinicians = clinicians;
        this.requests = requests;
        this.waitingList = waitingList;
        this.lists = lists;
        this.fills = fills;
    }

    /**
     * Takes back a request recorded in the last two minutes, giving its clinician the contact back; says who did. A
     * request that came through the online front door is not undone this way: its patient has already been told the
     * outcome (a place kept, or a day on the waiting list), so staff who judge it not genuine {@linkplain #withdraw
     * withdraw} it instead, which is logged.
     */
    @Transactional
    void undo(Practice practice, long id, Instant now, String by) {
        ContactRequests.Stored locked = locked(practice, id);
        if (locked.fromFrontDoor()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "Request " + id + " came through the online front door and its patient has been told the outcome,"
                            + " so it cannot be undone; withdraw it instead if it is not genuine");
        }
        if (locked.receivedAt().plus(UNDO_WITHIN).isBefore(now)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "Request " + id + " was recorded more than 2 minutes ago, so it can no longer be undone");
        }
        if (locked.outcome() == Outcome.WAITLISTED) {
            waitingList
                    .hold(practice.odsCode(), id)
                    .map(WaitingList.Entry::served)
                    .ifPresent(served -> {
                        throw new ResponseStatusException(
                                HttpStatus.CONFLICT,
                                "Request " + id + " was booked from the waiting list as request " + served.bookingId()
                                        + ": undo that booking first");
                    });
        }
        takeBack(practice, locked, now, by);
    }

    /**
     * Withdraws a request sent through the online front door that staff judge not genuine (a flood of requests from a
     * script, say), as an undo takes one back: a booking gives its clinician the contact back (and NHS 111's count, as
     * an undo does), a place on the waiting list is given up, so the day it held a place on has it again, and the
     * evidence no longer counts it, as a request that was never real demand would mislead the ICB the evidence is for.
     * The request stays recorded, marked with who withdrew it and when, and the set-up log says so. Unlike an undo it
     * has no two-minute window, as a flood may be noticed only later: one booked or signposted can be withdrawn on the
     * day it came, one on the waiting list as long as nobody has been booked from the list for it and a list still
     * carries it ({@link WaitingListForDay}: its own day's, or today's for one put on the list of one of the 5 working
     * days before). Once no list carries it, its day's evidence is closed and it is not changed.
     */
    @Transactional
    void withdraw(Practice practice, long id, Instant now, String by) {
        ContactRequests.Stored locked = locked(practice, id);
        if (!locked.fromFrontDoor()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "Request " + id + " was recorded by the practice, not sent through the online front door, so it"
                            + " is not withdrawn: undo it within 2 minutes of recording it");
        }
        if (locked.outcome() == Outcome.WAITLISTED) {
            // Every WAITLISTED request is on its practice's waiting list, read from the same row: never empty here.
            WaitingList.Entry waiting = waitingList
                    .hold(practice.odsCode(), id)
                    .orElseThrow(() -> new IllegalStateException("Request " + id + " was found WAITLISTED at "
                            + practice.odsCode() + " but the waiting list does not hold it"));
            if (waiting.served() != null) {
                throw new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "Request " + id + " was booked from the waiting list as request "
                                + waiting.served().bookingId()
                                + ", so it is no longer waiting and cannot be withdrawn");
            }
            if (!lists.stillCarried(practice.odsCode(), waiting.waitlistedFor(), PracticeCalendar.dayOf(now))) {
                throw new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        WaitingListForDay.noLongerCarried(id, waiting.waitlistedFor())
                                + ": that day's evidence is closed, so it cannot be withdrawn");
            }
        } else if (!locked.day().equals(PracticeCalendar.dayOf(now))) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "Request " + id + " came on " + BoardController.DAY.format(locked.day()) + ": a booked or"
                            + " signposted online request can be withdrawn only on the day it came");
        }
        takeBack(practice, locked, now, by);
        setupLog.add(practice.odsCode(), by, "Online request " + id + " withdrawn as not genuine: " + what(locked));
    }

    /** The request found and its day held, as a booking holds it; refused when it was taken back already. */
    private ContactRequests.Stored locked(Practice practice, long id) {
        ContactRequests.Stored found = requests.find(practice.odsCode(), id)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no request " + id + " at " + practice.odsCode()));
        days.lock(practice.odsCode(), found.day());
        ContactRequests.Stored locked = requests.find(practice.odsCode(), id).orElseThrow();
        if (locked.undoneAt() != null) {
            throw new AlreadyUndone(id, locked.undoneBy(), locked.fromFrontDoor());
        }
        return locked;
    }

    private void takeBack(Practice practice, ContactRequests.Stored locked, Instant now, String by) {
        requests.markUndone(locked.id(), now, by);
        if (locked.outcome() == Outcome.BOOKED) {
            if (locked.clinicianId() != null) {
                clinicians.unbook(locked.clinicianId(), locked.day());
            }
            if (Router.takesNhs111Appointment(locked.channel(), locked.kind(), locked.clinicianId() != null)) {
                days.countNhs111(practice.odsCode(), locked.day(), -1);
            }
        }
    }

    /** What the set-up log says was withdrawn: the request's kind, time, day and outcome. */
    private static String what(ContactRequests.Stored request) {
        String outcome = switch (request.outcome()) {
            case BOOKED -> "booked, its contact given back";
            case WAITLISTED -> "on the waiting list, its place given back";
            case DIVERTED -> "signposted elsewhere";
        };
        String kind = request.kind().name().toLowerCase(Locale.ROOT);
        return (request.kind() == RequestKind.URGENT || request.kind() == RequestKind.ADMIN ? "an " : "a ") + kind
                + " request of " + UkTime.timeOfDay(request.receivedAt()) + " on "
                + BoardController.DAY.format(request.day()) + ", " + outcome;
    }

    /**
     * An undo or withdrawal refused as the request was already taken back, saying by whom (the board answers that
     * person as done).
     */
    static final class AlreadyUndone extends ResponseStatusException {

        private final String by;

        AlreadyUndone(long id, String by, boolean fromFrontDoor) {
            super(HttpStatus.CONFLICT, "Request " + id + " was already " + (fromFrontDoor ? "withdrawn" : "undone"));
            this.by = by;
        }

        boolean by(String email) {
            return by != null && by.equalsIgnoreCase(email);
        }
    }

    /** Why the practice's caps cannot be changed that day, as it does not work it ({@link DayCapRules#notWorked}). */
    Optional<String> notWorked(Practice practice, LocalDate day) {
        return setups.find(practice.odsCode())
                .flatMap(setup -> DayCapRules.notWorked(setups.calendar(setup, day), day));
    }

    /** One clinician's cap for the day as changed: the cap asked for, the cap in force and the contacts booked. */
    record ChangedCap(long id, String label, int asked, int cap, int used) {

        /** No new contacts for this clinician that day: asked for 0, whatever stays booked. */
        boolean off() {
            return asked == 0;
        }
    }

    /**
     * Sets caps for one day. Today's change holds the day's lock, as a booking does, so it never races one; so does a
     * change for a day to come that has begun, or is being opened, by the time the change looks (sent as midnight
     * passed), and one that has not keeps the day from being opened until it commits ({@link PracticeDay#lockIfBegun}).
     * One that takes the last of a begun day's room for routine need away is recorded as the moment the
     * practice became full ({@link DayFills}), as a booking that fills it is. A day to come is not opened early: only
     * the clinicians changed get a row for it, so until it starts it still follows the practice's set-up for everyone
     * else (a clinician added next week works that day too).
     */
    @Transactional
    List<ChangedCap> changeDay(
            Practice practice,
            LocalDate day,
            LocalDate today,
            List<ContactsApiController.DayChange> changes,
            String by) {
        boolean begun;
        if (!day.isAfter(today)) {
            days.lock(practice.odsCode(), day);
            begun = true;
        } else {
            // A day to come has no day row to hold yet. Each cap changed takes its clinician (checking the reference),
            // in the order the change lists them, while a save of the set-up holds the set-up and then every
            // clinician: holding the set-up first, as the save does, keeps the two (and two changes) from deadlocking.
            setups.hold(practice.odsCode());
            // The days ahead's caps say which day the waiting list is for (WaitingListDays): it is looked for again.
            clinicians.countDayCapsChange(practice.odsCode());
            // Today was read before this began: a change for tomorrow sent as midnight passes may find the day begun,
            // or being opened by its first request (waited for), a booking read before the change waiting to write,
            // and holds it as a change to today does (after the set-up, as a save holds the two). A day not begun
            // stays unopened until this commits, so its first request reads the caps as changed.
            begun = days.lockIfBegun(practice.odsCode(), day);
        }
        boolean hadRoutineRoom = begun && fills.hasRoutineRoom(practice.odsCode(), day);
        Map<Long, String> labels = new LinkedHashMap<>();
        setups.clinicians(practice.odsCode()).forEach(c -> labels.put(c.id(), c.label()));
        List<ChangedCap> changed = new ArrayList<>();
        for (ContactsApiController.DayChange change : changes) {
            ClinicianDays.Capped capped = clinicians.changeCap(change.id(), day, change.cap());
            changed.add(
                    new ChangedCap(change.id(), labels.get(change.id()), change.cap(), capped.cap(), capped.used()));
        }
        if (begun) {
            fills.afterChange(practice.odsCode(), day, hadRoutineRoom);
        }
        setupLog.add(
                practice.odsCode(),
                by,
                "Caps for " + BoardController.DAY.format(day) + " only: "
                        + String.join(
                                "; ",
                                changed.stream().map(DayCorrections::logged).toList()));
        return changed;
    }

    private static String logged(ChangedCap changed) {
        String asked = changed.label() + (changed.off() ? " off (cap 0)" : " cap " + changed.asked());
        return changed.cap() == changed.asked()
                ? asked
                : asked + ", " + changed.used() + " already booked stay, so cap " + changed.cap();
    }
}
