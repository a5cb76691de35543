package org.gpaction.events.registration;

import java.time.Instant;
import java.util.Optional;
import org.gpaction.events.catalogue.Event;
import org.springframework.stereotype.Component;

/**
 * Who holds the event's places. Every method runs with the event locked ({@code Events.lock}), so the count it reads
 * cannot change under it: the confirmed never outnumber the places, and the waiting list moves up in order.
 */
@Component
class Places {

    private final Registrants registrants;
    private final RegistrantEmails emails;

    Places(Registrants registrants, RegistrantEmails emails) {
        this.registrants = registrants;
        this.emails = emails;
    }

    /** A place if one is free, else a turn on the waiting list. */
    RegistrationStatus place(Event locked, Registrant registrant, Instant now) {
        RegistrationStatus status = registrants.confirmed(locked.id()) < locked.capacity()
                ? RegistrationStatus.CONFIRMED
                : RegistrationStatus.WAITING;
        registrants.place(registrant.id(), status, now);
        emails.placed(registrant, locked, status, now);
        return status;
    }

    /** Why places may be free: the waiting list is told which. */
    enum Freed {
        CANCELLED("Someone cancelled"),
        MORE_PLACES("The event now has more places");

        final String words;

        Freed(String words) {
            this.words = words;
        }
    }

    /** Gives free places to the waiting list, first come first served; returns how many moved up. */
    int fill(Event locked, Freed why, Instant now) {
        if (!locked.openAt(now)) {
            return 0;
        }
        int free = locked.capacity() - registrants.confirmed(locked.id());
        int promoted = 0;
        while (promoted < free) {
            Optional<Registrant> next = registrants.firstWaiting(locked.id());
            if (next.isEmpty()) {
                break;
            }
            registrants.place(next.get().id(), RegistrationStatus.CONFIRMED, now);
            emails.promoted(next.get(), locked, why, now);
            promoted++;
        }
        return promoted;
    }
}
