package org.gpaction.actions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** @param publishedOn null while the version is a draft */
public record MenuVersion(int version, LocalDate publishedOn, List<MenuAction> actions) {

    public MenuVersion {
        actions = List.copyOf(actions);
    }

    public boolean isDraft() {
        return publishedOn == null;
    }

    public Optional<MenuAction> action(int number) {
        return actions.stream().filter(action -> action.number() == number).findFirst();
    }
}
