package org.gpaction.events.catalogue;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;

/**
 * What makes an event fit to publish, each rule with the words a host needs to fix it. Plain rules, no Spring: the
 * same for the pages and the API.
 */
public final class EventRules {

    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 500;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_CAPACITY = 100_000;
    static final Duration LONGEST = Duration.ofHours(12);

    /** Further ahead than anyone plans a roadshow, and well inside what PostgreSQL can store. */
    static final Duration FURTHEST_AHEAD = Duration.ofDays(2 * 366);

    /** When the day-before reminder is due: 9am UK time on the day before the event. */
    static final LocalTime REMINDER_TIME = LocalTime.of(9, 0);

    private EventRules() {}

    /** The details cleaned up, or {@link InvalidEvent} naming every field to fix. */
    public static EventDetails check(EventDetails entered, Instant now) {
        return check(entered, now, Map.of());
    }

    /**
     * As {@link #check(EventDetails, Instant)}, with the problems found elsewhere (the host LMC against the practices
     * directory, say) named among the rules' own, so a host hears of every field to fix at once; where the rules refuse
     * a field too, their words for it are kept.
     */
    public static EventDetails check(EventDetails entered, Instant now, Map<String, String> foundElsewhere) {
        Map<String, String> problems = new LinkedHashMap<>();
        String title = clean(entered.title());
        if (TypedText.hasControlCharacters(entered.title())) {
            problems.put("title", controlCharacters("The title"));
        } else if (title.isEmpty()) {
            problems.put("title", "Enter the event's title");
        } else if (title.length() > MAX_TITLE) {
            problems.put("title", "The title must be " + MAX_TITLE + " characters or fewer");
        }
        if (entered.kind() == null) {
            problems.put("kind", "Choose whether it is a roadshow or a webinar");
        }
        String lmc = clean(entered.lmc());
        if (TypedText.hasControlCharacters(entered.lmc())) {
            problems.put("lmc", controlCharacters("The LMC's name"));
        } else if (lmc.isEmpty() && entered.region() == null) {
            problems.put("lmc", "Enter the host LMC, or choose the region the event is for");
        } else if (lmc.length() > MAX_TITLE) {
            problems.put("lmc", "The LMC's name must be " + MAX_TITLE + " characters or fewer");
        } else if (foundElsewhere.containsKey("lmc")) {
            problems.put("lmc", foundElsewhere.get("lmc"));
        }
        String venue = clean(entered.venue());
        String address = cleanLines(entered.address());
        String joiningLink = clean(entered.joiningLink());
        if (entered.kind() == EventKind.ROADSHOW) {
            if (TypedText.hasControlCharacters(entered.venue())) {
                problems.put("venue", controlCharacters("The venue"));
            } else if (venue.isEmpty()) {
                problems.put("venue", "Enter the venue of the roadshow");
            } else if (venue.length() > MAX_TEXT) {
                problems.put("venue", "The venue must be " + MAX_TEXT + " characters or fewer");
            }
            if (TypedText.hasTabsOrControlCharactersBesideLineBreaks(entered.address())) {
                problems.put("address", "The address must not contain control characters, such as tabs");
            } else if (address.isEmpty()) {
                problems.put("address", "Enter the venue's address");
            } else if (address.length() > MAX_TEXT) {
                problems.put("address", "The address must be " + MAX_TEXT + " characters or fewer");
            }
            joiningLink = "";
        }
        if (entered.kind() == EventKind.WEBINAR) {
            if (TypedText.hasControlCharacters(entered.joiningLink())) {
                problems.put("joiningLink", controlCharacters("The joining link"));
            } else if (joiningLink.isEmpty()) {
                problems.put("joiningLink", "Enter the webinar's joining link");
            } else if (!isWebLink(joiningLink)) {
                problems.put("joiningLink", "The joining link must be a full https:// address");
            }
            venue = "";
            address = "";
        }
        if (entered.startsAt() == null) {
            problems.put("startsAt", "Enter when the event starts, in UK time");
        } else if (!entered.startsAt().isAfter(now)) {
            problems.put("startsAt", "The start must be in the future");
        } else if (entered.startsAt().isAfter(now.plus(FURTHEST_AHEAD))) {
            problems.put("startsAt", "The start must be within two years from now");
        }
        if (entered.endsAt() == null) {
            problems.put("endsAt", "Enter when the event ends, in UK time");
        } else if (entered.startsAt() != null && !entered.endsAt().isAfter(entered.startsAt())) {
            problems.put("endsAt", "The end must be after the start");
        } else if (entered.startsAt() != null
                && Duration.between(entered.startsAt(), entered.endsAt()).compareTo(LONGEST) > 0) {
            problems.put("endsAt", "An event lasts at most 12 hours");
        }
        if (entered.capacity() == null) {
            problems.put("capacity", "Enter how many places there are");
        } else if (entered.capacity() < 1 || entered.capacity() > MAX_CAPACITY) {
            problems.put("capacity", "Places must be a whole number from 1 to " + MAX_CAPACITY);
        }
        String description = cleanLines(entered.description());
        if (TypedText.hasTabsOrControlCharactersBesideLineBreaks(entered.description())) {
            problems.put("description", "What it covers must not contain control characters, such as tabs");
        } else if (description.isEmpty()) {
            problems.put("description", "Say what the event covers");
        } else if (description.length() > MAX_DESCRIPTION) {
            problems.put("description", "What it covers must be " + MAX_DESCRIPTION + " characters or fewer");
        }
        if (entered.ballotId() != null && entered.ballotId() < 1) {
            problems.put("ballotId", "A ballot number is a whole number, like 12");
        }
        String campaign = clean(entered.campaign());
        if (TypedText.hasControlCharacters(entered.campaign())) {
            problems.put("campaign", controlCharacters("The campaign"));
        } else if (campaign.length() > MAX_TITLE) {
            problems.put("campaign", "The campaign must be " + MAX_TITLE + " characters or fewer");
        }
        foundElsewhere.forEach(problems::putIfAbsent);
        if (!problems.isEmpty()) {
            throw new InvalidEvent(problems);
        }
        return new EventDetails(
                title,
                entered.kind(),
                lmc.isEmpty() ? null : lmc,
                entered.region(),
                blankToNull(venue),
                blankToNull(address),
                blankToNull(joiningLink),
                entered.startsAt(),
                entered.endsAt(),
                entered.capacity(),
                description,
                entered.ballotId(),
                blankToNull(campaign));
    }

    /** 9am UK time on the day before the event's day. */
    public static Instant reminderDue(Instant startsAt) {
        LocalDate day = LocalDate.ofInstant(startsAt, UkTime.ZONE);
        return ZonedDateTime.of(day.minusDays(1), REMINDER_TIME, UkTime.ZONE).toInstant();
    }

    static boolean isWebLink(String text) {
        try {
            URI uri = new URI(text);
            return "https"
                            .equals(
                                    uri.getScheme() == null
                                            ? null
                                            : uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null
                    && text.length() <= MAX_TEXT;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Spaces around a value of one line trimmed; a tab or a line break, even around it, is refused, not dropped, before
     * this.
     */
    static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    private static String controlCharacters(String field) {
        return field + " must not contain control characters, such as tabs or line breaks";
    }

    /** Line breaks as LF; anything else that is not text is refused, not dropped, before this. */
    static String cleanLines(String value) {
        return value == null ? "" : value.replace("\r\n", "\n").strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
