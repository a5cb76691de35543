package org.gpaction.actions.menu;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.actions.Category;
import org.gpaction.actions.Deferral;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.TypedText;
import org.gpaction.common.web.InvalidRequest;

/** An action as an administrator typed it; everything is text until {@link #toAction} checks it. */
record ActionForm(
        String number,
        String title,
        String what,
        String why,
        String forPatients,
        String guidanceUrl,
        String category,
        String mayDeEscalate,
        String phase,
        String dailyContactLimit,
        String deferral1Subject,
        String deferral1Detail,
        String deferral1ReviewOn,
        String deferral2Subject,
        String deferral2Detail,
        String deferral2ReviewOn) {

    /** A sentence, not a leaflet: the notice prints one for each action in force on one A4 page. */
    static final int MOST_FOR_PATIENTS = 300;

    static ActionForm of(MenuAction action) {
        List<Deferral> d = action.deferrals();
        return new ActionForm(
                String.valueOf(action.number()),
                action.title(),
                action.what(),
                action.why(),
                action.forPatients(),
                action.guidanceUrl(),
                action.category().name(),
                String.valueOf(action.mayDeEscalate()),
                String.valueOf(action.phase()),
                action.dailyContactLimit() == null
                        ? ""
                        : action.dailyContactLimit().toString(),
                d.size() > 0 ? d.get(0).subject() : "",
                d.size() > 0 ? d.get(0).detail() : "",
                d.size() > 0 ? d.get(0).reviewOn().toString() : "",
                d.size() > 1 ? d.get(1).subject() : "",
                d.size() > 1 ? d.get(1).detail() : "",
                d.size() > 1 ? d.get(1).reviewOn().toString() : "");
    }

    static ActionForm blank(int number) {
        return new ActionForm(String.valueOf(number), "", "", "", "", "", "", "false", "1", "", "", "", "", "", "", "");
    }

    /**
     * The action this form describes, checked against the draft it goes into; every problem is named with its
     * field. {@code replacing} is the number of the draft's action being edited, or null for a new one.
     */
    MenuAction toAction(MenuVersion draft, Integer replacing) {
        Map<String, String> problems = new LinkedHashMap<>();
        Integer number = integer(number());
        if (number == null || number < 1 || number > 99) {
            problems.put("number", "Enter the action's number, a whole number from 1 to 99");
        } else if (!number.equals(replacing) && draft.action(number).isPresent()) {
            problems.put("number", "The draft already has an action " + number + ": choose another number");
        }
        String title = text(title());
        if (title.isEmpty()) {
            problems.put("title", "Enter a short title");
        } else if (title.length() > 80) {
            problems.put("title", "The title must be 80 characters or fewer");
        } else {
            DraftRules.titleTaken(title, draft.actions(), replacing)
                    .ifPresent(problem -> problems.put("title", problem));
        }
        String what = lines(what());
        if (what.isEmpty()) {
            problems.put("what", "Enter what a practice does");
        } else if (what.length() > 1000) {
            problems.put("what", "What a practice does must be 1000 characters or fewer");
        }
        String why = lines(why());
        if (why.isEmpty()) {
            problems.put("why", "Enter why practices take this action");
        } else if (why.length() > 1000) {
            problems.put("why", "Why must be 1000 characters or fewer");
        }
        String forPatients = text(forPatients());
        if (forPatients.isEmpty()) {
            problems.put(
                    "forPatients",
                    "Enter what it means for patients: one sentence in plain words, true of this action taken alone");
        } else if (forPatients.length() > MOST_FOR_PATIENTS) {
            problems.put(
                    "forPatients", "What it means for patients must be " + MOST_FOR_PATIENTS + " characters or fewer");
        }
        String url = text(guidanceUrl());
        if (!isWebAddress(url)) {
            problems.put("guidanceUrl", "Enter the guidance link as a web address starting https://");
        }
        Category category = null;
        try {
            category = Category.valueOf(text(category()));
        } catch (IllegalArgumentException e) {
            problems.put("category", "Choose a category");
        }
        Integer phase = integer(phase());
        if (phase == null || (phase != 1 && phase != 2)) {
            problems.put("phase", "Choose phase one or phase two");
        }
        Integer limit = null;
        if (!text(dailyContactLimit()).isEmpty()) {
            limit = integer(dailyContactLimit());
            if (limit == null || limit < 1) {
                problems.put(
                        "dailyContactLimit",
                        "Enter the daily contact limit as a whole number from 1 to " + DraftRules.SAFE_MAXIMUM
                                + ", or leave it empty");
            } else if (number != null) {
                DraftRules.dailyContactLimit(number, limit)
                        .ifPresent(problem -> problems.put("dailyContactLimit", problem));
            }
        }
        List<Deferral> deferrals = new ArrayList<>();
        deferral(1, deferral1Subject(), deferral1Detail(), deferral1ReviewOn(), deferrals, problems);
        deferral(2, deferral2Subject(), deferral2Detail(), deferral2ReviewOn(), deferrals, problems);
        problems.putAll(controlCharacters());
        if (!problems.isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            problems.forEach((field, message) -> errors.add(Map.of("field", field, "message", message)));
            throw new InvalidRequest("Some fields need fixing", errors);
        }
        return new MenuAction(
                number,
                title,
                what,
                why,
                forPatients,
                url,
                category,
                Boolean.parseBoolean(text(mayDeEscalate())),
                phase,
                limit,
                deferrals);
    }

    private static void deferral(
            int position,
            String subject,
            String detail,
            String reviewOn,
            List<Deferral> deferrals,
            Map<String, String> problems) {
        String s = text(subject);
        String d = lines(detail);
        String r = text(reviewOn);
        if (s.isEmpty() && d.isEmpty() && r.isEmpty()) {
            return;
        }
        String prefix = "deferral" + position;
        if (s.isEmpty() || s.length() > 100) {
            problems.put(
                    prefix + "Subject", "Enter what deferral " + position + " puts off, in 100 characters or fewer");
        }
        if (d.length() > 500) {
            problems.put(prefix + "Detail", "Deferral " + position + "'s detail must be 500 characters or fewer");
        }
        LocalDate review = null;
        try {
            review = LocalDate.parse(r);
            if (review.getYear() < 2000 || review.getYear() > 2100) {
                problems.put(
                        prefix + "ReviewOn",
                        "Enter deferral " + position + "'s review date between 2000 and 2100, like 2025-03-01");
                review = null;
            }
        } catch (DateTimeParseException e) {
            problems.put(prefix + "ReviewOn", "Enter deferral " + position + "'s review date, like 2025-03-01");
        }
        if (review != null && !s.isEmpty()) {
            deferrals.add(new Deferral(s, d, review));
        }
    }

    /** Each field holding a control character, named: the character is refused, never dropped from what is saved. */
    private Map<String, String> controlCharacters() {
        Map<String, String> problems = new LinkedHashMap<>();
        oneLine(problems, "number", "The action's number", number());
        oneLine(problems, "title", "The title", title());
        severalLines(problems, "what", "What a practice does", what());
        severalLines(problems, "why", "Why", why());
        oneLine(problems, "forPatients", "What it means for patients", forPatients());
        oneLine(problems, "guidanceUrl", "The guidance link", guidanceUrl());
        oneLine(problems, "category", "The category", category());
        oneLine(problems, "mayDeEscalate", "Whether it may be de-escalated", mayDeEscalate());
        oneLine(problems, "phase", "The phase", phase());
        oneLine(problems, "dailyContactLimit", "The daily contact limit", dailyContactLimit());
        oneLine(problems, "deferral1Subject", "What deferral 1 puts off", deferral1Subject());
        severalLines(problems, "deferral1Detail", "Deferral 1's detail", deferral1Detail());
        oneLine(problems, "deferral1ReviewOn", "Deferral 1's review date", deferral1ReviewOn());
        oneLine(problems, "deferral2Subject", "What deferral 2 puts off", deferral2Subject());
        severalLines(problems, "deferral2Detail", "Deferral 2's detail", deferral2Detail());
        oneLine(problems, "deferral2ReviewOn", "Deferral 2's review date", deferral2ReviewOn());
        return problems;
    }

    private static void oneLine(Map<String, String> problems, String field, String name, String value) {
        if (TypedText.hasControlCharacters(value)) {
            problems.put(field, name + " must not contain control characters");
        }
    }

    private static void severalLines(Map<String, String> problems, String field, String name, String value) {
        if (TypedText.hasControlCharactersBesideLineBreaks(value)) {
            problems.put(field, name + " must not contain control characters");
        }
    }

    private static boolean isWebAddress(String value) {
        if (value.isEmpty() || value.length() > 500) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Integer integer(String value) {
        try {
            return Integer.valueOf(text(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    /** Text from a box of several lines, its line breaks as the browser sent them made one newline each. */
    private static String lines(String value) {
        return text(value).replace("\r\n", "\n");
    }
}
