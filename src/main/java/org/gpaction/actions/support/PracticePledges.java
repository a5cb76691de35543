package org.gpaction.actions.support;

import java.time.LocalDate;
import java.util.List;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The confirmed pledges of support from one practice's partners, for the practice's own page. */
@Service
public class PracticePledges {

    /** A partner's name and role and the day they confirmed; never their email address. */
    public record Supporter(String name, String role, LocalDate confirmedOn) {}

    private final JdbcClient jdbc;

    PracticePledges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Supporter> confirmedAt(String odsCode) {
        return jdbc.sql("""
                        select name, role, confirmed_at from actions.pledge
                        where ods_code = :ods and confirmed_at is not null
                        order by confirmed_at, id
                        """)
                .param("ods", odsCode)
                .query((rs, row) -> new Supporter(
                        rs.getString("name"),
                        PartnerRole.valueOf(rs.getString("role")).label(),
                        LocalDate.ofInstant(rs.getTimestamp("confirmed_at").toInstant(), UkTime.ZONE)))
                .list();
    }
}
