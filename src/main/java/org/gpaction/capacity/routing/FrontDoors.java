package org.gpaction.capacity.routing;

import java.util.Locale;
import java.util.Optional;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeContact;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/** The practices whose front door runs here, found by the code in a front-door address, for its pages and its JSON. */
@Component
class FrontDoors {

    private final Practices practices;
    private final PracticeSetups setups;
    private final DayViews views;

    FrontDoors(Practices practices, PracticeSetups setups, DayViews views) {
        this.practices = practices;
        this.setups = setups;
        this.views = views;
    }

    /** A practice that runs its front door here, with its set-up. */
    record Served(Practice practice, PracticeSetup setup) {}

    Optional<Served> served(String ods) {
        String code = ods == null ? "" : ods.strip().toUpperCase(Locale.ROOT);
        if (code.length() > 10) {
            return Optional.empty();
        }
        return practices.find(code).flatMap(p -> setups.find(p.odsCode()).map(s -> new Served(p, s)));
    }

    /** The practice's phone number as the practice directory gives it, for a patient told to phone; empty if none. */
    Optional<String> phone(Practice practice) {
        return practices
                .contact(practice.odsCode())
                .map(PracticeContact::phone)
                .map(String::strip)
                .filter(phone -> !phone.isEmpty());
    }

    /** Why the practice is not open today (UK day) by the practice directory, or empty while it is. */
    Optional<String> notOpenToday(Practice practice) {
        return practice.notOpenOn(PracticeCalendar.dayOf(views.now()));
    }
}
