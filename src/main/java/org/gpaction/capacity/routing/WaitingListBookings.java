package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reception books a patient from the waiting list: the request that put them there is served, once, with a clinician
 * who has room today, as contact n of their cap. It is decided by the {@link Router} as a routine (or admin) request
 * from reception would be, under the day's lock as any booking is, so it never takes room another booking took and
 * never passes a cap in force; if there is no room it is refused and the patient stays on the list. A request that no
 * list still carries ({@link WaitingListForDay#stillCarried}) is not booked: its day's evidence is closed, and a patient
 * still in need after so long is recorded as a new request.
 */
@Service
class WaitingListBookings {

    /** A request on the waiting list served: the booking's id and, unless it counts against no cap, the clinician. */
    record Served(long id, long servedFrom, ClinicianLoad clinician, Integer contactNumber) {}

    private final DayFactsReader reader;
    private final PracticeDay days;
    private final DayWrites writes;
    private final ClinicianDays clinicians;
    private final WaitingList waitingList;
    private final WaitingListForDay lists;
    private final TransactionTemplate transaction;

    WaitingListBookings(
            DayFactsReader reader,
            PracticeDay days,
            DayWrites writes,
            ClinicianDays clinicians,
            WaitingList waitingList,
            WaitingListForDay lists,
            PlatformTransactionManager transactions) {
        this.reader = reader;
        this.days = days;
        this.writes = writes;
        this.clinicians = clinicians;
        this.waitingList = waitingList;
        this.lists = lists;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Books the patient of request {@code waitingId} for today with {@code clinicianId} if they have room, otherwise
     * with whoever has most room ({@link Router#MOST_ROOM_FIRST}). The day's lock is taken first, as every change to the day takes it, and then the
     * request itself, so two receptionists serving it at once are served one after the other and the second is told it
     * is already booked.
     */
    Served book(Practice practice, long waitingId, Long clinicianId, String recordedBy, Instant now) {
        String ods = practice.odsCode();
        if (clinicianId != null && !clinicians.hasClinician(ods, clinicianId)) {
            throw InvalidRequest.field(
                    "clinician",
                    "There is no clinician " + clinicianId + " at " + ods
                            + ": choose one of its clinicians, or leave it out to book whoever has most room");
        }
        LocalDate today = PracticeCalendar.dayOf(now);
        return transaction.execute(status -> {
            days.lock(ods, today);
            WaitingList.Entry waiting = waitingList
                    .hold(ods, waitingId)
                    .orElseThrow(() -> new ResponseStatusException(
                            HttpStatus.NOT_FOUND,
                            "There is no request " + waitingId + " on " + ods + "'s waiting list"));
            if (waiting.undone()) {
                throw new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "Request " + waitingId + " was undone, so nobody is waiting for it: record a new request");
            }
            if (waiting.served() != null) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, alreadyServed(waiting));
            }
            if (!lists.stillCarried(ods, waiting.waitlistedFor(), today)) {
                throw new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        WaitingListForDay.noLongerCarried(waitingId, waiting.waitlistedFor())
                                + ", so nobody is booked from the waiting list for it: record a new request if the"
                                + " patient still needs a contact");
            }
            DayFacts facts = reader.facts(ods, today, now).orElseThrow(() -> Routing.notSetUp(ods));
            Router.Request request = new Router.Request(Channel.RECEPTION, waiting.kind(), clinicianId);
            Router.Situation situation = facts.situation(
                    practice,
                    request,
                    now,
                    today,
                    facts.clinicians(),
                    facts.nhs111Booked(),
                    facts.waitingListDays().start());
            Router.Decision decision = Router.decide(situation, request);
            if (!(decision instanceof Router.Booked booked)) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, refusal(waitingId, decision));
            }
            if (booked.clinician() == null) {
                long id = waitingList.bookWithNobody(ods, today, now, waiting, recordedBy);
                return new Served(id, waitingId, null, null);
            }
            ClinicianLoad clinician = booked.clinician();
            DayWrites.Written written = writes.bookIfUnchanged(
                            ods,
                            today,
                            facts.changes(),
                            clinician.id(),
                            facts.capLimit(),
                            false,
                            now,
                            request,
                            recordedBy,
                            waitingId,
                            Router.fills(situation, decision))
                    .orElseThrow(() -> new IllegalStateException("The day lock lets only one booking see the room"));
            return new Served(
                    written.id(),
                    waitingId,
                    new ClinicianLoad(clinician.id(), clinician.label(), clinician.cap(), written.contactNumber()),
                    written.contactNumber());
        });
    }

    private static String alreadyServed(WaitingList.Entry waiting) {
        WaitingList.Served served = waiting.served();
        return "Request " + waiting.id() + " was already booked from the waiting list"
                + (served.clinician() == null ? "" : " with " + served.clinician())
                + " " + UkTime.onOrAt(served.at())
                + " (request " + served.bookingId() + ")";
    }

    private static String refusal(long waitingId, Router.Decision decision) {
        if (decision instanceof Router.Diverted diverted && diverted.reason() == DiversionReason.OUTSIDE_CORE_HOURS) {
            return "The practice is outside core hours now: book request " + waitingId
                    + " from the waiting list once it opens";
        }
        return "No clinician has room for a routine contact today (only the urgent reserve, if any, is left): request "
                + waitingId + " stays on the waiting list";
    }
}
