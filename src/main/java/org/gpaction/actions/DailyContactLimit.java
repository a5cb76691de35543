package org.gpaction.actions;

import java.time.LocalDate;

/**
 * The most patient contacts a clinician takes a day under action 1, as the menu in force sets it, and the version of
 * the menu that does: {@link ActionsInForce#dailyContactLimit}.
 */
public record DailyContactLimit(int contacts, int menuVersion, LocalDate publishedOn) {}
