package org.gpaction.actions.menu;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.actions.practice.PracticeAccess;
import org.gpaction.actions.practice.PracticeActionRepository;
import org.gpaction.common.GpActionProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/**
 * Tells each person subscribed to a practice's actions what a newly published menu changed, in one email. Practices'
 * periods name an action by its number, so a practice taking an action whose words or terms changed (its title, what a
 * practice does, why, phase, daily contact limit or deferrals) now takes it as the new version words it: the email
 * names those actions for that practice, and what of each changed. A practice's patient notice prints what each action
 * in force means for patients, as the menu in force says it, so a practice with an action in force whose sentence for
 * patients changed is told its notice now says something else, to print it again. Only the others are told nothing
 * changes. A practice still taking an action a version retired takes it, once a later version brings it back, in that
 * version's words: the action counts as changed for it since it last read. A new guidance link, category or leave to
 * de-escalate changes nothing the practice takes on.
 */
@Component
class MenuChangeEmails {

    private final Outbox outbox;
    private final GpActionProperties app;
    private final CurrentStaff staff;
    private final Practices directory;
    private final PracticeActionRepository periods;

    MenuChangeEmails(
            Outbox outbox,
            GpActionProperties app,
            CurrentStaff staff,
            Practices directory,
            PracticeActionRepository periods) {
        this.outbox = outbox;
        this.app = app;
        this.staff = staff;
        this.directory = directory;
        this.periods = periods;
    }

    /** Sends the emails for {@code version}, published on {@code today}, which changes {@code changes}. */
    void tellSubscribers(int version, MenuChanges changes, LocalDate today) {
        Map<String, List<String>> practicesByEmail = periods.subscriptions();
        // Each subscriber is told of the practices whose actions they may still change, their account as it is now.
        practicesByEmail.replaceAll((email, practices) -> staff.enabled(email)
                .map(now -> practices.stream()
                        .filter(ods -> PracticeAccess.mayChange(now.role(), now.practices(), ods))
                        .toList())
                .orElse(List.of()));
        practicesByEmail.values().removeIf(List::isEmpty);
        Set<String> all =
                practicesByEmail.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        Map<String, Practice> named = directory.findAll(all);
        Map<Integer, MenuChanges.Changed> changed = new TreeMap<>();
        changes.reworded()
                .filter(change -> !change.takenOn().isEmpty())
                .forEach(change -> changed.put(change.after().number(), change));
        Map<String, Set<Integer>> taking = changed.isEmpty() ? Map.of() : periods.taking(all, changed.keySet(), today);
        Map<Integer, MenuChanges.Changed> renoticed = new TreeMap<>();
        changes.reworded()
                .filter(MenuChanges.Changed::changesNotice)
                .forEach(change -> renoticed.put(change.after().number(), change));
        Map<String, Set<Integer>> noticed =
                renoticed.isEmpty() ? Map.of() : periods.inForce(all, renoticed.keySet(), today);
        practicesByEmail.forEach((email, practices) -> outbox.send(new Email(
                email,
                "The action menu has changed: version " + version,
                "Version " + version + " of the action menu is published from today. What changed:\n\n"
                        + changes.describe() + "\n"
                        + "Read the whole menu at " + app.link("/actions/menu") + "\n\n"
                        + forEachPractice(
                                version,
                                practices,
                                named,
                                new Changes(taking, changed),
                                new Changes(noticed, renoticed)),
                "actions-menu-published")));
    }

    /** Changed actions by number, and which of them each practice has as the email counts it. */
    private record Changes(Map<String, Set<Integer>> byPractice, Map<Integer, MenuChanges.Changed> byNumber) {

        List<MenuChanges.Changed> of(String ods) {
            return byPractice.getOrDefault(ods, Set.of()).stream()
                    .sorted()
                    .map(byNumber::get)
                    .toList();
        }
    }

    /**
     * For each practice taking actions whose words or terms changed, which they are and what of each changed, and for
     * each with actions in force whose sentence for patients changed, that its notice now says something else; then the
     * practices for which nothing changes. Each practice as the directory names it ("NAME (A81001)"), or by its code alone if it has none.
     */
    private static String forEachPractice(
            int version, List<String> practices, Map<String, Practice> named, Changes reworded, Changes renoticed) {
        StringBuilder text = new StringBuilder();
        List<String> unchanged = new ArrayList<>();
        for (String ods : practices) {
            String name = named.containsKey(ods) ? named.get(ods).named() : ods;
            List<MenuChanges.Changed> takenOn = reworded.of(ods);
            List<MenuChanges.Changed> notice = renoticed.of(ods);
            if (takenOn.isEmpty() && notice.isEmpty()) {
                unchanged.add(name);
            }
            if (!takenOn.isEmpty()) {
                text.append(nowReadsDifferently(version, name, takenOn)).append("\n\n");
            }
            if (!notice.isEmpty()) {
                text.append(noticeNowSays(version, name, notice)).append("\n\n");
            }
        }
        if (!unchanged.isEmpty()) {
            text.append(nothingChanges(unchanged));
        }
        return text.toString().strip();
    }

    private static String nowReadsDifferently(int version, String practice, List<MenuChanges.Changed> actions) {
        List<String> each = actions.stream()
                .map(change -> change.after().number() + ", \"" + change.after().title() + "\" (changed: "
                        + inWords(change.takenOn()) + ")")
                .toList();
        if (each.size() == 1) {
            return "Action " + each.get(0) + ", now reads differently for " + practice
                    + ", which has it in force or planned: the practice now takes it as version " + version
                    + " words it. If it does not take it as it now reads, stop it on the practice's page.";
        }
        return "Actions " + String.join(", ", each.subList(0, each.size() - 1)) + ", and " + each.get(each.size() - 1)
                + ", now read differently for " + practice
                + ", which has them in force or planned: the practice now takes them as version " + version
                + " words them. If it does not take one as it now reads, stop it on the practice's page.";
    }

    private static String noticeNowSays(int version, String practice, List<MenuChanges.Changed> actions) {
        List<String> each = actions.stream()
                .map(change -> change.after().number() + ", \"" + change.after().title() + "\"")
                .toList();
        return "The patient notice of " + practice + " now says what version " + version + " says action"
                + (each.size() == 1 ? " " : "s ") + inWords(each)
                + (each.size() == 1 ? ", means" : ", mean") + " for patients: print the notice again from the"
                + " practice's page.";
    }

    /** The items as a sentence lists them: one alone, two joined by and, more with commas before the last and. */
    private static String inWords(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String nothingChanges(List<String> names) {
        if (names.size() == 1) {
            return "Nothing changes for your practice, " + names.get(0)
                    + ", unless you choose: record any change on the practice's page.";
        }
        return "Nothing changes for your practices, " + String.join(", ", names.subList(0, names.size() - 1))
                + " and " + names.get(names.size() - 1)
                + ", unless you choose: record any change on each practice's page.";
    }
}
