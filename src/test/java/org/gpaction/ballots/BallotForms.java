package org.gpaction.ballots;

import com.microsoft.playwright.Page;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.gpaction.common.UkTime;

/** Types a time into the ballot form's day, month, year and time boxes, as a person in the UK would. */
final class BallotForms {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private BallotForms() {}

    /** {@code name} is opensAt, closesAt or rollCutoff. */
    static void fillTime(Page page, String name, ZonedDateTime at) {
        ZonedDateTime uk = at.withZoneSameInstant(UkTime.ZONE);
        page.locator("#" + name + "Day").fill(String.valueOf(uk.getDayOfMonth()));
        page.locator("#" + name + "Month").fill(String.valueOf(uk.getMonthValue()));
        page.locator("#" + name + "Year").fill(String.valueOf(uk.getYear()));
        page.locator("#" + name + "Time").fill(TIME.format(uk));
    }
}
