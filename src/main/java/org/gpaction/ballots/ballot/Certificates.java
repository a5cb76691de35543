package org.gpaction.ballots.ballot;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The scrutineer's certificates of closed ballots' reports. */
@Repository
public class Certificates {

    private final JdbcClient jdbc;

    Certificates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Certificate> of(long id) {
        return jdbc.sql("""
                        select certified_by, certified_at, qualifications from ballots.ballot
                        where id = :id and certified_at is not null
                        """)
                .param("id", id)
                .query((rs, row) -> new Certificate(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3) == null ? "" : rs.getString(3)))
                .optional();
    }

    /** Writes the certificate unless one exists; false if the ballot was already certified. */
    public boolean certify(long id, String actor, String qualifications, Instant now) {
        return jdbc.sql("""
                        update ballots.ballot set certified_by = :actor, certified_at = :now,
                            qualifications = :qualifications
                        where id = :id and certified_at is null
                        """)
                        .param("actor", actor)
                        .param("now", Timestamp.from(now))
                        .param("qualifications", qualifications)
                        .param("id", id)
                        .update()
                == 1;
    }
}
