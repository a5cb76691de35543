package org.gpaction.capacity.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Corrections to a day already under way: reception takes back a request it recorded by mistake, a manager changes
 * one day's caps. Both hold the day's lock, as a booking does, so neither ever races one.
 */
@Service
class DayCorrections {

    static final Duration UNDO_WITHIN = Duration.ofMinutes(2);

    private final PracticeSetups setups;
    private final PracticeDay days;
    private final ContactRequests requests;

    DayCorrections(PracticeSetups setups, PracticeDay days, ContactRequests requests) {
        this.setups = setups;
        this.days = days;
        this.requests = requests;
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
    List<ContactsApiController.CapChanged> changeDay(
            Practice practice, LocalDate day, List<ContactsApiController.DayChange> changes, String by) {
        days.lock(practice.odsCode(), day);
        List<ContactsApiController.CapChanged> changed = new ArrayList<>();
        for (ContactsApiController.DayChange change : changes) {
            int cap = days.changeCap(change.id(), day, change.cap());
            changed.add(new ContactsApiController.CapChanged(change.id(), change.cap(), cap));
        }
        setups.log(
                practice.odsCode(),
                by,
                "Caps for " + day + " changed: "
                        + changed.stream()
                                .map(c -> "{id=" + c.id() + ", requestedCap=" + c.requestedCap() + ", cap=" + c.cap()
                                        + "}")
                                .toList());
        return changed;
    }
}
