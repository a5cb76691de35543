package org.gpaction.ballots.ballot;

import java.time.Instant;
import org.gpaction.common.UkTime;

/**
 * The independent scrutineer's certificate of a closed ballot's report.
 *
 * @param qualifications what the scrutineer qualifies in the report's statements; empty when nothing
 */
public record Certificate(String certifiedBy, Instant certifiedAt, String qualifications) {

    public String certifiedAtInUkTime() {
        return UkTime.format(certifiedAt);
    }

    public boolean qualified() {
        return !qualifications.isEmpty();
    }
}
