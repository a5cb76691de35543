package org.gpaction.actions.menu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gpaction.actions.ActionMenu.RetiredAction;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;

/**
 * What a version changes from the one before: actions added, retired, and changed (naming what changed), and actions
 * an earlier version retired that it brings back, each with what changed since it last read.
 */
public record MenuChanges(
        List<MenuAction> added, List<MenuAction> retired, List<Changed> changed, List<Changed> broughtBack) {

    public record Changed(MenuAction before, MenuAction after, List<String> what) {

        /**
         * What changed in what a practice taking the action takes on, empty if nothing did: a practice's period names
         * the action by its number, so it now takes it in the new words and terms. A new guidance link, category or
         * leave to de-escalate given changes none of that; leave to de-escalate taken away does, as the practice can no
         * longer record the action as de-escalated.
         */
        public List<String> takenOn() {
            List<String> taken = new ArrayList<>();
            if (!before.title().equals(after.title())) {
                taken.add("title");
            }
            if (!before.what().equals(after.what())) {
                taken.add("what a practice does");
            }
            if (!before.why().equals(after.why())) {
                taken.add("why");
            }
            if (before.phase() != after.phase()) {
                taken.add("phase");
            }
            if (!Objects.equals(before.dailyContactLimit(), after.dailyContactLimit())) {
                taken.add("daily contact limit");
            }
            if (!before.deferrals().equals(after.deferrals())) {
                taken.add("deferrals");
            }
            if (before.mayDeEscalate() && !after.mayDeEscalate()) {
                taken.add("no longer may be de-escalated");
            }
            return taken;
        }

        /**
         * Whether what the action means for patients changed: the notice of a practice with the action in force prints
         * that sentence, so it now says something else.
         */
        public boolean changesNotice() {
            return !before.forPatients().equals(after.forPatients());
        }

        /**
         * Whether to warn that the action may breach a practice's contract, as a new phase two action is warned of: it
         * is phase two, and what changed does not already say it is now phase two.
         */
        public boolean warnsOfContract() {
            return after.mayBreachContract() && before.phase() == after.phase();
        }
    }

    public boolean isEmpty() {
        return added.isEmpty() && retired.isEmpty() && changed.isEmpty() && broughtBack.isEmpty();
    }

    /** Both changed actions and those brought back: practices still taking one now take it in its new words. */
    public Stream<Changed> reworded() {
        return Stream.concat(changed.stream(), broughtBack.stream());
    }

    /**
     * {@code retired} are the actions published before {@code before} that it no longer has, as they last read: one
     * {@code after} has again is brought back, not new, as practices may still be taking it since it was retired.
     */
    static MenuChanges between(MenuVersion before, MenuVersion after, List<RetiredAction> retired) {
        Map<Integer, MenuAction> lastRead =
                retired.stream().collect(Collectors.toMap(gone -> gone.action().number(), RetiredAction::action));
        List<MenuAction> added = new ArrayList<>();
        List<MenuAction> retiring = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        List<Changed> broughtBack = new ArrayList<>();
        for (MenuAction action : after.actions()) {
            MenuAction old = before.action(action.number()).orElse(null);
            MenuAction gone = lastRead.get(action.number());
            if (old != null) {
                List<String> what = differences(old, action);
                if (!what.isEmpty()) {
                    changed.add(new Changed(old, action, what));
                }
            } else if (gone != null) {
                broughtBack.add(new Changed(gone, action, differences(gone, action)));
            } else {
                added.add(action);
            }
        }
        for (MenuAction action : before.actions()) {
            if (after.action(action.number()).isEmpty()) {
                retiring.add(action);
            }
        }
        return new MenuChanges(added, retiring, changed, broughtBack);
    }

    private static List<String> differences(MenuAction old, MenuAction now) {
        List<String> what = new ArrayList<>();
        if (!old.title().equals(now.title())) {
            what.add("title");
        }
        if (!old.what().equals(now.what())) {
            what.add("what a practice does");
        }
        if (!old.why().equals(now.why())) {
            what.add("why");
        }
        if (!old.forPatients().equals(now.forPatients())) {
            what.add("what it means for patients");
        }
        if (!old.guidanceUrl().equals(now.guidanceUrl())) {
            what.add("guidance link");
        }
        if (old.category() != now.category()) {
            what.add("category");
        }
        if (old.mayDeEscalate() != now.mayDeEscalate()) {
            what.add("whether it may be de-escalated");
        }
        if (old.phase() != now.phase()) {
            // Practices taking the action keep it under its new phase, so the email says which way it went.
            what.add(
                    now.mayBreachContract()
                            ? "now phase two: may breach your contract"
                            : "now phase one: within your contract");
        }
        if (!Objects.equals(old.dailyContactLimit(), now.dailyContactLimit())) {
            what.add("daily contact limit");
        }
        if (!old.deferrals().equals(now.deferrals())) {
            what.add("deferrals");
        }
        return what;
    }

    /** The changes in plain words, for the email that tells practices. */
    String describe() {
        StringBuilder text = new StringBuilder();
        added.forEach(a -> text.append("- New: action ")
                .append(a.number())
                .append(", ")
                .append(a.title())
                .append(a.mayBreachContract() ? " (phase two: may breach your contract)" : "")
                .append('\n'));
        changed.forEach(c -> text.append("- Changed: action ")
                .append(c.after().number())
                .append(", ")
                .append(c.after().title())
                .append(" (")
                .append(String.join(", ", c.what()))
                .append(")\n"));
        broughtBack.forEach(b -> text.append("- Back on the menu: action ")
                .append(b.after().number())
                .append(", ")
                .append(b.after().title())
                .append(b.warnsOfContract() ? " (phase two: may breach your contract)" : "")
                .append(
                        b.what().isEmpty()
                                ? ""
                                : " (changed since it was retired: " + String.join(", ", b.what()) + ")")
                .append('\n'));
        retired.forEach(r -> text.append("- Retired: action ")
                .append(r.number())
                .append(", ")
                .append(r.title())
                .append('\n'));
        return text.toString();
    }
}
