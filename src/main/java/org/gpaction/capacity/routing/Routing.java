package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.Signpost;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Gives every request to a practice exactly one outcome and records it: the {@link Router} decides, this class reads
 * the situation and writes what was decided so that no two bookings ever take the same room.
 */
@Service
class Routing {

    /** How often a booking is decided again from a fresh read when the day changed under it, before queueing. */
    static final int OPTIMISTIC_TRIES = 3;
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
    private final DayFactsReader reader;
    private final PracticeDay days;
    private final DayWrites writes;
    private final ClinicianDays clinicians;
    private final ContactRequests requests;
    private final TransactionTemplate transaction;
    private final DecidingTogether deciding;
    private final LongAdder decidedTogether = new LongAdder();
    private final PracticeQueues queues = new PracticeQueues(this::decideDay);

    Routing(
            PracticeSetups setups,
            DayFactsReader reader,
            PracticeDay days,
            DayWrites writes,
            ClinicianDays clinicians,
            ContactRequests requests,
            PlatformTransactionManager transactions) {
        this.setups = setups;
        this.reader = reader;
        this.days = days;
        this.writes = writes;
        this.clinicians = clinicians;
        this.requests = requests;
        this.transaction = new TransactionTemplate(transactions);
        this.deciding = new DecidingTogether(reader, days, writes, transaction);
    }

    /**
     * Gives the request its outcome once it is committed, deciding it with the others waiting for its practice's day
     * (see {@link PracticeQueues}): a request alone is decided on its own (see {@link #decideAlone}), several together
     * from one read of the day, written only if the day is unchanged and, after a few tries, under the day's lock (see
     * {@link DecidingTogether}).
     */
    Routed route(Practice practice, Router.Request request, String recordedBy, Instant now) {
        if (request.clinicianId() != null && !clinicians.hasClinician(practice.odsCode(), request.clinicianId())) {
            throw InvalidRequest.field(
                    "clinician",
                    "There is no clinician " + request.clinicianId() + " at " + practice.odsCode()
                            + ": give the id of one of its clinicians, as GET /api/practices/" + practice.odsCode()
                            + "/capacity lists them, or leave it out to book whoever has most room");
        }
        return queues.route(new PracticeQueues.Pending(practice, request, recordedBy, now));
    }

    private List<Routed> decideDay(List<PracticeQueues.Pending> together) {
        if (together.size() == 1) {
            PracticeQueues.Pending alone = together.get(0);
            return List.of(decideAlone(alone.practice(), alone.request(), alone.recordedBy(), alone.now()));
        }
        List<Routed> routed = deciding.decide(together);
        decidedTogether.add(together.size());
        return routed;
    }

    /** How many requests have been decided with others of their practice's day since the app started. */
    long decidedTogether() {
        return decidedTogether.sum();
    }

    /**
     * Decides from what one statement reads without a lock, then writes as little as holds the decision true. A
     * diversion or a place on the waiting list takes nothing from anyone, so it is recorded as read: it was the right
     * answer at a moment between the request arriving and being answered. A booking is written only if the practice's
     * day has not changed since it was read; if it has (another booking, an undo, a cap changed, another instance of
     * the app), the request is read and decided again, and after {@link #OPTIMISTIC_TRIES} tries under the day's lock.
     */
    private Routed decideAlone(Practice practice, Router.Request request, String recordedBy, Instant now) {
        LocalDate day = PracticeCalendar.dayOf(now);
        for (int attempt = 1; attempt <= OPTIMISTIC_TRIES; attempt++) {
            DayFacts facts = reader.facts(practice.odsCode(), day, now).orElseThrow(() -> notSetUp(practice.odsCode()));
            Router.Situation situation = situation(facts, practice, request, now, day);
            Router.Decision decision = Router.decide(situation, request);
            if (!(decision instanceof Router.Booked booked)) {
                return recordWithoutRoom(practice, facts.setup(), decision, request, recordedBy, now, day);
            }
            if (!facts.opened() || booked.clinician() == null) {
                break;
            }
            Optional<Routed> written = bookIfUnchanged(
                    practice,
                    day,
                    facts.changes(),
                    facts.capLimit(),
                    decision,
                    Router.fills(situation, decision),
                    request,
                    recordedBy,
                    now);
            if (written.isPresent()) {
                return written.get();
            }
        }
        return underLock(practice, request, recordedBy, now, day);
    }

    private static Router.Situation situation(
            DayFacts facts, Practice practice, Router.Request request, Instant now, LocalDate day) {
        return facts.situation(
                practice,
                request,
                now,
                day,
                facts.clinicians(),
                facts.nhs111Booked(),
                facts.waitingListDays().start());
    }

    private Optional<Routed> bookIfUnchanged(
            Practice practice,
            LocalDate day,
            long changesSeen,
            Integer capLimit,
            Router.Decision decision,
            boolean filled,
            Router.Request request,
            String recordedBy,
            Instant now) {
        ClinicianLoad clinician = ((Router.Booked) decision).clinician();
        Optional<DayWrites.Written> stored = writes.bookIfUnchanged(
                practice.odsCode(),
                day,
                changesSeen,
                clinician.id(),
                capLimit,
                request.channel() == Channel.NHS111,
                now,
                request,
                recordedBy,
                null,
                filled);
        return stored.map(row -> bookedAnswer(row.id(), decision, clinician, row.contactNumber(), now));
    }

    /**
     * Decides holding the day's lock, from the day read again under it ({@link DecidingTogether#factsUnderLock}): the
     * set-up too, which a save changes under the same lock. A booking is written before the lock is let go; anything
     * else lets the lock go first (nothing was changed under it) and is then recorded like any other request without
     * room.
     */
    private Routed underLock(Practice practice, Router.Request request, String recordedBy, Instant now, LocalDate day) {
        LockedDecision locked = transaction.execute(status -> {
            DayFacts facts = deciding.factsUnderLock(practice, day, now);
            Router.Situation situation = situation(facts, practice, request, now, day);
            Router.Decision decision = Router.decide(situation, request);
            if (!(decision instanceof Router.Booked booked)) {
                status.setRollbackOnly();
                return new LockedDecision(null, decision, facts.setup());
            }
            if (booked.clinician() == null) {
                if (Router.takesNhs111Appointment(request.channel(), request.kind(), false)) {
                    days.countNhs111(practice.odsCode(), day, 1);
                }
                long id = requests.insert(
                        practice.odsCode(),
                        day,
                        now,
                        request,
                        Outcome.BOOKED,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        recordedBy);
                return new LockedDecision(bookedAnswer(id, decision, null, null, now), decision, facts.setup());
            }
            Routed routed = bookIfUnchanged(
                            practice,
                            day,
                            facts.changes(),
                            facts.capLimit(),
                            decision,
                            Router.fills(situation, decision),
                            request,
                            recordedBy,
                            now)
                    .orElseThrow(() -> new IllegalStateException("The day lock lets only one booking see the room"));
            return new LockedDecision(routed, decision, facts.setup());
        });
        if (locked.booked() != null) {
            return locked.booked();
        }
        return recordWithoutRoom(practice, locked.setup(), locked.decision(), request, recordedBy, now, day);
    }

    private record LockedDecision(Routed booked, Router.Decision decision, PracticeSetup setup) {}

    private Routed recordWithoutRoom(
            Practice practice,
            PracticeSetup setup,
            Router.Decision decision,
            Router.Request request,
            String recordedBy,
            Instant now,
            LocalDate day) {
        ZonedDateTime local = now.atZone(UkTime.ZONE);
        List<Signpost> signposts = setup.signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
        List<String> given = signposts.stream().map(Signpost::name).toList();
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

    private static Routed bookedAnswer(
            long id, Router.Decision decision, ClinicianLoad clinician, Integer number, Instant now) {
        ClinicianLoad after = clinician == null
                ? null
                : new ClinicianLoad(clinician.id(), clinician.label(), clinician.cap(), number);
        return new Routed(
                id, decision, after, number, List.of(), now.atZone(UkTime.ZONE).toLocalDateTime());
    }

    /**
     * Reception's own judgement: the patient is signposted elsewhere, whatever the room, so no lock is needed. Outside
     * core hours the practice is closed, so the reason is that, as it would be for a request routed then: it is not
     * demand the practice failed to meet.
     */
    Routed divertByReception(Practice practice, RequestKind kind, String recordedBy, Instant now) {
        return divertByReception(practice, kind, recordedBy, now, null);
    }

    /** As {@link #divertByReception(Practice, RequestKind, String, Instant)}, for a form's sending with its claim. */
    Routed divertByReception(Practice practice, RequestKind kind, String recordedBy, Instant now, UUID formClaim) {
        PracticeSetup setup = setupOf(practice.odsCode());
        LocalDate day = PracticeCalendar.dayOf(now);
        ZonedDateTime local = now.atZone(UkTime.ZONE);
        List<Signpost> signposts = setup.signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
        Router.Request request = new Router.Request(Channel.RECEPTION, kind, null, formClaim);
        DiversionReason reason = setups.calendar(setup, day).isOpenAt(now)
                ? DiversionReason.SIGNPOSTED_BY_RECEPTION
                : DiversionReason.OUTSIDE_CORE_HOURS;
        long id = requests.insert(
                practice.odsCode(),
                day,
                now,
                request,
                Outcome.DIVERTED,
                reason,
                null,
                null,
                null,
                signposts.stream().map(Signpost::name).toList(),
                recordedBy);
        return new Routed(id, new Router.Diverted(reason), null, null, signposts, local.toLocalDateTime());
    }

    /**
     * The outcome of the request a form's sending recorded under its claim, as it was given: its clinician's cap as the
     * day stands now, and the places offered that the set-up still has, in the order they were offered. Empty if the
     * sending recorded nothing (yet).
     */
    Optional<Routed> recordedUnder(String odsCode, UUID formClaim) {
        return requests.underClaim(odsCode, formClaim).map(recorded -> {
            LocalDateTime at = recorded.receivedAt().atZone(UkTime.ZONE).toLocalDateTime();
            return switch (recorded.outcome()) {
                case BOOKED -> {
                    ClinicianLoad clinician = recorded.clinicianId() == null
                            ? null
                            : new ClinicianLoad(
                                    recorded.clinicianId(),
                                    recorded.clinicianLabel(),
                                    recorded.cap() == null ? 0 : recorded.cap(),
                                    recorded.contactNumber() == null ? 0 : recorded.contactNumber());
                    yield new Routed(
                            recorded.id(),
                            new Router.Booked(clinician),
                            clinician,
                            recorded.contactNumber(),
                            List.of(),
                            at);
                }
                case DIVERTED ->
                    new Routed(
                            recorded.id(),
                            new Router.Diverted(recorded.reason()),
                            null,
                            null,
                            offered(odsCode, recorded.signposts()),
                            at);
                case WAITLISTED ->
                    new Routed(
                            recorded.id(),
                            new Router.Waitlisted(recorded.waitlistedFor()),
                            null,
                            null,
                            offered(odsCode, recorded.signposts()),
                            at);
            };
        });
    }

    private List<Signpost> offered(String odsCode, List<String> names) {
        List<Signpost> places =
                setups.find(odsCode).map(PracticeSetup::signposts).orElse(List.of());
        return names.stream()
                .flatMap(name -> places.stream()
                        .filter(place -> place.name().equals(name))
                        .limit(1))
                .toList();
    }

    PracticeSetup setupOf(String odsCode) {
        return setups.find(odsCode).orElseThrow(() -> notSetUp(odsCode));
    }

    static ResponseStatusException notSetUp(String odsCode) {
        return new ResponseStatusException(
                HttpStatus.CONFLICT,
                "Safe working is not set up for " + odsCode
                        + ": a practice manager sets up its clinicians and core hours first");
    }

    static int nhs111Allowance(Practice practice) {
        Integer patients = practice.listSize();
        return patients == null ? 1 : Math.max(1, patients / PATIENTS_PER_NHS111_BOOKING);
    }
}
