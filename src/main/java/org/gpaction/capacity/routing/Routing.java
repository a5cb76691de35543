package org.gpaction.capacity.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.Signpost;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Gives every request to a practice exactly one outcome and records it, in one transaction that holds the
 * practice's day lock: the {@link Router} decides, this class reads the situation and writes what was decided.
 */
@Service
class Routing {

    static final Duration UNDO_WITHIN = Duration.ofMinutes(2);
    /** NHS 111 may book at most one same-day appointment per 3,000 registered patients a day. */
    static final int PATIENTS_PER_NHS111_BOOKING = 3_000;

    /** A request's outcome as the caller shows it. */
    record Routed(
            long id,
            Router.Decision decision,
            ClinicianLoad clinician,
            Integer contactNumber,
            List<Signpost> signposts,
            LocalDateTime at) {}

    private final PracticeSetups setups;
    private final PracticeDay days;
    private final ContactRequests requests;
    private final Suspensions suspensions;
    private final ActionsInForce actions;
    private final TransactionTemplate transaction;

    Routing(
            PracticeSetups setups,
            PracticeDay days,
            ContactRequests requests,
            Suspensions suspensions,
            ActionsInForce actions,
            PlatformTransactionManager transactions) {
        this.setups = setups;
        this.days = days;
        this.requests = requests;
        this.suspensions = suspensions;
        this.actions = actions;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * What does not change from one request to the next (the set-up, the calendar, whether action 1 is in force, a
     * pause) is read before the practice's lock is taken, so the lock is held only for the reads and writes that must
     * not interleave: on one busy practice every request waits for the one before it to commit.
     */
    Routed route(Practice practice, Router.Request request, String recordedBy, Instant now) {
        PracticeSetup setup = setupOf(practice.odsCode());
        LocalDate day = PracticeCalendar.dayOf(now);
        PracticeCalendar calendar = setups.calendar(setup, day);
        boolean enforced = actions.isInForce(practice.odsCode(), ActionsInForce.SAFE_WORKING, day);
        boolean paused = request.channel() == Channel.ONLINE
                && suspensions.activeAt(practice.odsCode(), now).isPresent();
        return transaction.execute(
                status -> decideUnderLock(practice, setup, calendar, enforced, paused, request, recordedBy, now, day));
    }

    private Routed decideUnderLock(
            Practice practice,
            PracticeSetup setup,
            PracticeCalendar calendar,
            boolean enforced,
            boolean paused,
            Router.Request request,
            String recordedBy,
            Instant now,
            LocalDate day) {
        int nhs111Booked = days.lock(practice.odsCode(), day);
        Router.Situation situation = new Router.Situation(
                calendar.isOpenAt(now),
                paused,
                enforced,
                setup.countAdmin(),
                setup.urgentReserve(),
                setup.whenFull(),
                days.loads(practice.odsCode(), day),
                nhs111Booked,
                nhs111Allowance(practice),
                calendar.nextWorkingDayAfter(day).orElse(null));
        Router.Decision decision = Router.decide(situation, request);
        ZonedDateTime local = now.atZone(UkTime.ZONE);
        List<Signpost> signposts = decision instanceof Router.Booked
                ? List.of()
                : setup.signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
        List<String> given = signposts.stream().map(Signpost::name).toList();
        if (decision instanceof Router.Booked booked) {
            Integer number = null;
            ClinicianLoad after = null;
            if (booked.clinician() != null) {
                number = days.book(booked.clinician().id(), day, enforced)
                        .orElseThrow(
                                () -> new IllegalStateException("The day lock lets only one booking see the room"));
                after = new ClinicianLoad(
                        booked.clinician().id(),
                        booked.clinician().label(),
                        booked.clinician().cap(),
                        number);
            }
            if (request.channel() == Channel.NHS111) {
                days.countNhs111(practice.odsCode(), day, 1);
            }
            long id = requests.insert(
                    practice.odsCode(),
                    day,
                    now,
                    request,
                    Outcome.BOOKED,
                    null,
                    after == null ? null : after.id(),
                    number,
                    null,
                    List.of(),
                    recordedBy);
            return new Routed(id, decision, after, number, List.of(), local.toLocalDateTime());
        }
        long id;
        if (decision instanceof Router.Diverted diverted) {
            id = requests.insert(
                    practice.odsCode(),
                    day,
                    now,
                    request,
                    Outcome.DIVERTED,
                    diverted.reason(),
                    null,
                    null,
                    null,
                    given,
                    recordedBy);
        } else {
            id = requests.insert(
                    practice.odsCode(),
                    day,
                    now,
                    request,
                    Outcome.WAITLISTED,
                    null,
                    null,
                    null,
                    ((Router.Waitlisted) decision).forDay(),
                    given,
                    recordedBy);
        }
        return new Routed(id, decision, null, null, signposts, local.toLocalDateTime());
    }

    /** Reception's own judgement: the patient is signposted elsewhere, whatever the room. */
    @Transactional
    Routed divertByReception(Practice practice, RequestKind kind, String recordedBy, Instant now) {
        PracticeSetup setup = setupOf(practice.odsCode());
        LocalDate day = PracticeCalendar.dayOf(now);
        days.lock(practice.odsCode(), day);
        ZonedDateTime local = now.atZone(UkTime.ZONE);
        List<Signpost> signposts = setup.signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
        Router.Request request = new Router.Request(Channel.RECEPTION, kind, null);
        long id = requests.insert(
                practice.odsCode(),
                day,
                now,
                request,
                Outcome.DIVERTED,
                DiversionReason.SIGNPOSTED_BY_RECEPTION,
                null,
                null,
                null,
                signposts.stream().map(Signpost::name).toList(),
                recordedBy);
        return new Routed(
                id,
                new Router.Diverted(DiversionReason.SIGNPOSTED_BY_RECEPTION),
                null,
                null,
                signposts,
                local.toLocalDateTime());
    }

    /** Takes back a request recorded in the last two minutes, giving its clinician the contact back. */
    @Transactional
    void undo(Practice practice, long id, Instant now) {
        ContactRequests.Stored found = requests.find(practice.odsCode(), id)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no request " + id + " at " + practice.odsCode()));
        days.lock(practice.odsCode(), found.day());
        ContactRequests.Stored locked = requests.find(practice.odsCode(), id).orElseThrow();
        if (locked.undoneAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Request " + id + " was already undone");
        }
        if (locked.receivedAt().plus(UNDO_WITHIN).isBefore(now)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "Request " + id + " was recorded more than 2 minutes ago, so it can no longer be undone");
        }
        requests.markUndone(id, now);
        if (locked.outcome() == Outcome.BOOKED) {
            if (locked.clinicianId() != null) {
                days.unbook(locked.clinicianId(), locked.day());
            }
            if (locked.channel() == Channel.NHS111) {
                days.countNhs111(practice.odsCode(), locked.day(), -1);
            }
        }
    }

    /** Sets caps for one day under the day's lock, so a change never races a booking. */
    @Transactional
    List<Map<String, Object>> changeDay(
            Practice practice, LocalDate day, List<ContactsApiController.DayChange> changes, String by) {
        days.lock(practice.odsCode(), day);
        List<Map<String, Object>> changed = new ArrayList<>();
        for (ContactsApiController.DayChange change : changes) {
            int cap = days.changeCap(change.id(), day, change.cap());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", change.id());
            one.put("requestedCap", change.cap());
            one.put("cap", cap);
            changed.add(one);
        }
        setups.log(practice.odsCode(), by, "Caps for " + day + " changed: " + changed);
        return changed;
    }

    PracticeSetup setupOf(String odsCode) {
        return setups.find(odsCode)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "Safe working is not set up for " + odsCode
                                + ": a practice manager sets up its clinicians and core hours first"));
    }

    static int nhs111Allowance(Practice practice) {
        Integer patients = practice.listSize();
        return patients == null ? 1 : Math.max(1, patients / PATIENTS_PER_NHS111_BOOKING);
    }
}
