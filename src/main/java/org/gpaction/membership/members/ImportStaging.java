package org.gpaction.membership.members;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A membership file on its way in: its rows in a temporary table of the import's transaction, and the checks that
 * compare rows with each other and with the roll, each one statement over the whole file. {@link ImportWrites} then
 * makes the changes.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ImportStaging {

    /** How many problems each check across rows reports; the rest are only counted. */
    private static final int REPORTED = ImportRejected.MAX_REPORTED;

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    ImportStaging(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    void create() {
        jdbc.sql("""
                        create temporary table import_row (
                            line              integer not null,
                            membership_number text    not null,
                            gmc_number        text    not null,
                            given_name        text    not null,
                            family_name       text    not null,
                            email             text    not null,
                            status            text    not null,
                            status_since      date    not null,
                            joined_on         date    not null,
                            role              text,
                            practice_ods      text,
                            role_from         date,
                            role_to           date
                        ) on commit drop
                        """).update();
    }

    /** Copies rows into the staging table as they are read; closing it ends the copy. */
    StagingRows rows() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy pg_temp.import_row from stdin with (format csv)");
            return new StagingRows(copy, () -> DataSourceUtils.releaseConnection(connection, dataSource));
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("Could not start copying the membership file into PostgreSQL", e);
        }
    }

    /**
     * Matches the file's membership numbers to the roll's whatever their case, then checks rows of one member that
     * disagree or give the same role twice, practices not in the directory, and GMC numbers or email addresses given to
     * two members in the file or held by another member on the roll.
     */
    void checkAcrossRows(ImportProblems problems, Function<Collection<String>, Set<String>> unknownPractices) {
        // The file's numbers come in capitals; a member stored before numbers were compared that way may be spelt in
        // lower case on the roll. The file's rows take the roll's spelling, so that member is the one updated, not
        // created a second time, and the ballots that name them by it still do.
        jdbc.sql("""
                        update pg_temp.import_row r set membership_number = held.membership_number
                        from membership.member held
                        where upper(held.membership_number) = r.membership_number
                          and held.membership_number <> r.membership_number
                        """).update();
        jdbc.sql("create index on pg_temp.import_row (membership_number, line)").update();
        jdbc.sql("analyze pg_temp.import_row").update();
        jdbc.sql("""
                        create temporary table import_member on commit drop as
                        select distinct on (membership_number) * from pg_temp.import_row
                        order by membership_number, line
                        """).update();
        jdbc.sql("create unique index on pg_temp.import_member (membership_number)")
                .update();
        jdbc.sql("analyze pg_temp.import_member").update();

        // The columns that differ are named, in the file's order: in a wide export two rows can look alike.
        report(problems, """
                select line, differing[1], 'Member ' || membership_number
                       || ' has different details here than on line ' || first_line || ', in '
                       || case when cardinality(differing) = 1 then differing[1]
                               else array_to_string(differing[1:cardinality(differing) - 1], ', ')
                                    || ' and ' || differing[cardinality(differing)] end
                       || ': every row of a member must agree on everything but the role'
                from (select r.line, r.membership_number, m.line as first_line,
                             array_remove(array[
                                 case when r.gmc_number <> m.gmc_number then 'gmc_number' end,
                                 case when r.given_name <> m.given_name then 'given_name' end,
                                 case when r.family_name <> m.family_name then 'family_name' end,
                                 case when r.email <> m.email then 'email' end,
                                 case when r.status <> m.status then 'membership_status' end,
                                 case when r.status_since <> m.status_since then 'status_since' end,
                                 case when r.joined_on <> m.joined_on then 'joined_on' end], null) as differing
                      from pg_temp.import_row r join pg_temp.import_member m using (membership_number)
                      where r.line <> m.line) d
                where cardinality(differing) > 0
                """, null);
        // A member's role given twice would be held twice: ending it at /my-details would end one and leave the other
        // open, counting the member on ballots' rolls in a role they have left.
        report(problems, """
                select line, 'role', 'Line ' || first_line || ' gives member ' || membership_number
                       || ' this same role already (' || role || coalesce(' at ' || practice_ods, '')
                       || ' from ' || to_char(role_from, 'YYYY-MM-DD')
                       || coalesce(' to ' || to_char(role_to, 'YYYY-MM-DD'), '')
                       || '): remove one of the two rows'
                from (select line, membership_number, role, practice_ods, role_from, role_to,
                             first_value(line) over (partition by membership_number, role, practice_ods, role_from,
                                                                  role_to
                                                     order by line) as first_line
                      from pg_temp.import_row where role is not null) r
                where line <> first_line
                """, null);

        // One role at one practice given for two periods that overlap would be held twice on the days they share, and
        // ending one at /my-details would leave the other open. Ordered by first day, any two periods of the role that
        // overlap make two neighbours that do, so each row is compared with the one before it; each pair is named on
        // the later of its two lines. The same period twice is the duplicate above, named there.
        report(problems, """
                select later.line, 'role_from',
                       'Line ' || earlier.line || ' gives member ' || membership_number || ' the same role (' || role
                       || coalesce(' at ' || practice_ods, '') || ') from ' || to_char(earlier.f, 'YYYY-MM-DD')
                       || coalesce(' to ' || to_char(earlier.t, 'YYYY-MM-DD'), ' with no end')
                       || ', which overlaps this line''s from ' || to_char(later.f, 'YYYY-MM-DD')
                       || coalesce(' to ' || to_char(later.t, 'YYYY-MM-DD'), ' with no end')
                       || ': a role is held once at a time; end one period before the other begins'
                from (select membership_number, role, practice_ods, line, role_from, role_to,
                             lag(line) over w as before_line, lag(role_from) over w as before_from,
                             lag(role_to) over w as before_to
                      from pg_temp.import_row where role is not null
                      window w as (partition by membership_number, role, practice_ods order by role_from, line)) r
                cross join lateral (select case when r.line > r.before_line then r.line else r.before_line end as line,
                                           case when r.line > r.before_line then r.role_from else r.before_from end as f,
                                           case when r.line > r.before_line then r.role_to else r.before_to end as t)
                                   later
                cross join lateral (select case when r.line > r.before_line then r.before_line else r.line end as line,
                                           case when r.line > r.before_line then r.before_from else r.role_from end as f,
                                           case when r.line > r.before_line then r.before_to else r.role_to end as t)
                                   earlier
                where r.before_line is not null
                  and (r.before_to is null or r.before_to >= r.role_from)
                  and (r.before_from, r.before_to) is distinct from (r.role_from, r.role_to)
                """, null);

        List<String> codes = jdbc.sql(
                        "select distinct practice_ods from pg_temp.import_row where practice_ods is not null")
                .query(String.class)
                .list();
        Set<String> unknown = unknownPractices.apply(codes);
        if (!unknown.isEmpty()) {
            report(problems, """
                    select line, 'practice_ods', 'There is no practice ' || practice_ods
                           || ' in the practice directory: check the code, or import the ODS practice file first'
                    from pg_temp.import_row where practice_ods = any(:values)
                    """, unknown.toArray(String[]::new));
        }

        report(problems, """
                select line, 'gmc_number', 'GMC number ' || gmc_number || ' is also given to member ' || first
                from (select line, membership_number, gmc_number,
                             first_value(membership_number) over (partition by gmc_number order by line) as first
                      from pg_temp.import_member) m
                where membership_number <> first
                """, null);
        report(problems, """
                select line, 'email', 'This email address is also given to member ' || first
                from (select line, membership_number,
                             first_value(membership_number) over (partition by email order by line) as first
                      from pg_temp.import_member) m
                where membership_number <> first
                """, null);
        // A member the file gives another GMC number or address gives theirs up: two crossed by mistake are put right
        // by the file that uncrosses them.
        report(problems, """
                select m.line, 'gmc_number', 'GMC number ' || m.gmc_number || ' already belongs to member '
                       || held.membership_number || ' on the roll'
                from pg_temp.import_member m join membership.member held on held.gmc_number = m.gmc_number
                where held.membership_number <> m.membership_number
                  and not exists (select 1 from pg_temp.import_member moving
                                  where moving.membership_number = held.membership_number
                                    and moving.gmc_number <> held.gmc_number)
                """, null);
        report(problems, """
                select m.line, 'email', 'This email address already belongs to member ' || held.membership_number
                from pg_temp.import_member m join membership.member held on lower(held.email) = m.email
                where held.membership_number <> m.membership_number
                  and not exists (select 1 from pg_temp.import_member moving
                                  where moving.membership_number = held.membership_number
                                    and moving.email <> lower(held.email))
                """, null);
    }

    /** Runs a check that selects (line, field, message), keeping the first problems by line and the count. */
    private void report(ImportProblems problems, String check, String[] values) {
        List<ImportProblem> first = new ArrayList<>();
        int[] total = {0};
        var query = jdbc.sql("select p.*, count(*) over () from (" + check + ") as p (line, field, message)"
                + " order by p.line limit " + REPORTED);
        if (values != null) {
            query = query.param("values", values);
        }
        query.query(rs -> {
            first.add(new ImportProblem(rs.getInt(1), rs.getString(2), rs.getString(3)));
            total[0] = rs.getInt(4);
        });
        problems.addFirstOf(first, total[0]);
    }
}
