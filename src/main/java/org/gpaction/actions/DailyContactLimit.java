package org.gpaction.actions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The most patient contacts a clinician takes a day under action 1, as the menu in force sets it, and the version of
 * the menu that does: {@link ActionsInForce#dailyContactLimit}.
 */
public record DailyContactLimit(int contacts, int menuVersion, LocalDate publishedOn) {

    /**
     * The limit in a row with the columns of actions.daily_contact_limit (contacts, version, published_on), as a
     * module's statement reads them beside its own; empty when contacts is null (the menu sets none, or there was no
     * row to join). The columns are read by their bare names: the statement must select exactly {@code contacts},
     * {@code version} and {@code published_on} from that view, and no other column of its own by any of those names (a
     * second {@code version} would be read in place of the menu's).
     */
    public static Optional<DailyContactLimit> inRow(ResultSet rs) throws SQLException {
        Integer contacts = rs.getObject("contacts", Integer.class);
        return contacts == null
                ? Optional.empty()
                : Optional.of(new DailyContactLimit(
                        contacts,
                        rs.getInt("version"),
                        rs.getDate("published_on").toLocalDate()));
    }
}
