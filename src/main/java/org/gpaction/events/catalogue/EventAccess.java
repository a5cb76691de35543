package org.gpaction.events.catalogue;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.BearerTokens;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.TypedText;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who hosts what: administrators any event, an LMC officer only their own LMC's events, nobody else any. Checked
 * before a request's body is read; an event someone may not host is answered as if it did not exist.
 */
@Component
public class EventAccess {

    private final Events events;
    private final Practices practices;

    EventAccess(Events events, Practices practices) {
        this.events = events;
        this.practices = practices;
    }

    public static boolean mayHost(StaffPrincipal staff) {
        return staff != null && (staff.role() == StaffRole.ADMIN || staff.role() == StaffRole.LMC_OFFICER);
    }

    /** Refuses anyone who hosts no events at all: 401 with no account, 403 with the wrong role. */
    public void toHostAny(StaffPrincipal staff) {
        if (staff == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Sign in or send a bearer token");
        }
        if (!mayHost(staff)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only administrators and LMC officers host events");
        }
    }

    /**
     * As {@link #toHostAny(StaffPrincipal)} for the API, whose list is open to anyone: a token that is not valid lets
     * the request on unsigned, so a missing principal is told apart here by whether a bearer token was sent.
     */
    public void toHostAnyByApi(StaffPrincipal staff, HttpServletRequest request) {
        if (staff == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, BearerTokens.unsignedRefusal(request));
        }
        toHostAny(staff);
    }

    /** The event, if this person hosts it. */
    public Event toHost(StaffPrincipal staff, long id) {
        toHostAny(staff);
        return events.find(id)
                .filter(event -> hosts(staff, event))
                .orElseThrow(() ->
                        new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no event " + id + " you host"));
    }

    /** The LMC whose events this person sees, or null for all of them. */
    public static String scope(StaffPrincipal staff) {
        return staff.role() == StaffRole.ADMIN ? null : staff.lmc();
    }

    /**
     * The details checked ({@link EventRules}) with the host LMC this person may use: an LMC officer's own, whatever
     * they sent; for an administrator the one they named as the practices directory spells it. An LMC they may not use
     * is named with every other field to fix, not alone. An LMC as the event has it already ({@code lmcBefore}, null for
     * a new event) is taken as it is: the directory may have dropped it since the event was published, and a host
     * changing the time need not first retype it.
     */
    public EventDetails checked(StaffPrincipal staff, EventDetails entered, String lmcBefore, Instant now) {
        Map<String, String> problems = new LinkedHashMap<>();
        EventDetails details;
        if (staff.role() == StaffRole.ADMIN) {
            details = EventRules.clean(entered.lmc()).equals(lmcBefore) ? entered : inDirectory(entered, problems);
        } else {
            if (entered.lmc() != null
                    && !entered.lmc().isBlank()
                    && !entered.lmc().strip().equalsIgnoreCase(staff.lmc())) {
                problems.put("lmc", "LMC officers host events for their own LMC, " + staff.lmc());
            }
            details = entered.withLmc(staff.lmc());
        }
        return EventRules.check(details, now, problems);
    }

    /**
     * The host LMC checked against the practices directory as a staff account's is: an LMC it does not know, a misspelt
     * one say, would be listed apart from the real one, and its officers would never see the event. A name the rules
     * refuse anyway (a control character, too long) is left for {@link EventRules} to name.
     */
    private EventDetails inDirectory(EventDetails details, Map<String, String> problems) {
        String lmc = EventRules.clean(details.lmc());
        if (lmc.isEmpty() || TypedText.hasControlCharacters(details.lmc()) || lmc.length() > EventRules.MAX_TITLE) {
            return details;
        }
        Optional<String> known = practices.lmcCalled(lmc);
        if (known.isEmpty()) {
            problems.put(
                    "lmc",
                    "There is no LMC called '" + lmc + "' in the practices directory: enter the LMC as the directory"
                            + " names it, or leave it empty for an event for a whole region");
            return details;
        }
        return details.withLmc(known.get());
    }

    static boolean hosts(StaffPrincipal staff, Event event) {
        return staff.role() == StaffRole.ADMIN
                || (staff.role() == StaffRole.LMC_OFFICER
                        && staff.lmc() != null
                        && event.lmc() != null
                        && staff.lmc().equalsIgnoreCase(event.lmc()));
    }
}
