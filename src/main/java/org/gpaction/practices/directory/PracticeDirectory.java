package org.gpaction.practices.directory;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Nation;
import org.gpaction.practices.PracticeStatus;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PracticeDirectory {

    private static final String SELECT_DETAILS = """
            select p.ods_code, p.name, p.address_lines, p.postcode, p.national_grouping, p.icb_code,
                   p.sub_icb_code, p.status, p.nation, p.contract_type, p.contract_type_source, p.list_size, p.list_size_on, p.lmc,
                   p.opened_on, p.closed_on, p.phone
            from practices.practice_directory p
            """;

    /**
     * The ICB filter ({@link Practices#IN_ICB}, which other modules' filters share) takes a practice in Wales's health
     * board too, as the list and its download give it where an ICB would be, besides the Q99 the directory holds.
     */
    private static final String MATCHING = """
            where (cast(:status as text) is null or p.status = :status)
              and (cast(:icb as text) is null or %s)
              and (cast(:lmc as text) is null or lower(p.lmc) = lower(:lmc))
              and (cast(:text as text) is null
                   or p.ods_code = upper(:text)
                   or lower(p.name) like :nameContains escape '\\'
                   or replace(p.postcode, ' ', '') like :postcodeStarts escape '\\'
                   or exists (select 1 from unnest(p.address_lines) line where lower(line) = lower(:text)))
            """.formatted(Practices.IN_ICB);

    private static final int ROWS_AT_A_TIME = 500;

    private final JdbcClient jdbc;

    PracticeDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PracticeDetails> find(String odsCode) {
        return jdbc.sql(SELECT_DETAILS + " where p.ods_code = :ods")
                .param("ods", odsCode.strip().toUpperCase(Locale.ROOT))
                .query(PracticeDirectory::details)
                .optional();
    }

    PracticeSearch.Results search(PracticeSearch search) {
        long total = matching(jdbc.sql("select count(*) from practices.practice_directory p " + MATCHING), search)
                .query(Long.class)
                .single();
        List<PracticeDetails> items = matching(
                        jdbc.sql(SELECT_DETAILS + MATCHING + " order by p.name, p.ods_code limit :size offset :offset"),
                        search)
                .param("size", search.size())
                .param("offset", search.offset())
                .query(PracticeDirectory::details)
                .list();
        return new PracticeSearch.Results(items, total);
    }

    /**
     * Every practice the search matches, in the list's order, handed on one at a time, for a download of the list as
     * filtered. They are read a page at a time, each page in a statement of its own after the last one handed on, so no
     * connection is held while they are written out.
     */
    void eachMatch(PracticeSearch search, Consumer<PracticeDetails> each) {
        eachMatch(search, ROWS_AT_A_TIME, each);
    }

    void eachMatch(PracticeSearch search, int rowsAtATime, Consumer<PracticeDetails> each) {
        PracticeDetails last = null;
        List<PracticeDetails> page;
        do {
            page = matching(jdbc.sql(SELECT_DETAILS + MATCHING + """
                                      and (cast(:afterName as text) is null
                                           or (p.name, p.ods_code) > (:afterName, :afterCode))
                                    order by p.name, p.ods_code limit :rows
                                    """), search)
                    .param("afterName", last == null ? null : last.name())
                    .param("afterCode", last == null ? null : last.odsCode())
                    .param("rows", rowsAtATime)
                    .query(PracticeDirectory::details)
                    .list();
            page.forEach(each);
            last = page.isEmpty() ? last : page.get(page.size() - 1);
        } while (page.size() == rowsAtATime);
    }

    List<String> lmcNames() {
        return jdbc.sql("select name from practices.lmc order by lower(name)")
                .query(String.class)
                .list();
    }

    private static JdbcClient.StatementSpec matching(JdbcClient.StatementSpec statement, PracticeSearch search) {
        String text = search.text();
        return statement
                .param(
                        "status",
                        search.status() == null ? null : search.status().name())
                .param("icb", search.icbCode())
                .param("lmc", search.lmc())
                .param("text", text)
                .param("nameContains", text == null ? null : "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%")
                .param(
                        "postcodeStarts",
                        text == null ? null : escapeLike(text.replace(" ", "").toUpperCase(Locale.ROOT)) + "%");
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static PracticeDetails details(ResultSet rs, int row) throws SQLException {
        String contract = rs.getString("contract_type");
        return new PracticeDetails(
                rs.getString("ods_code"),
                rs.getString("name"),
                lines(rs.getArray("address_lines")),
                rs.getString("postcode"),
                rs.getString("national_grouping"),
                rs.getString("icb_code"),
                rs.getString("sub_icb_code"),
                PracticeStatus.valueOf(rs.getString("status")),
                Nation.valueOf(rs.getString("nation")),
                contract == null ? null : ContractType.valueOf(contract),
                rs.getString("contract_type_source"),
                rs.getObject("list_size", Integer.class),
                localDate(rs.getDate("list_size_on")),
                rs.getString("lmc"),
                localDate(rs.getDate("opened_on")),
                localDate(rs.getDate("closed_on")),
                rs.getString("phone"));
    }

    private static List<String> lines(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
