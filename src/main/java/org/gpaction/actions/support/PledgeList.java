package org.gpaction.actions.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Consumer;
import org.gpaction.common.web.ListPage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Pledges as administrators see them: a page at a time on screen, every confirmed one in the download. */
@Repository
class PledgeList {

    static final int PAGE_SIZE = 100;
    private static final int ROWS_AT_A_TIME = 500;
    private static final String COLUMNS =
            "select id, name, role, ods_code, email, consent_to_contact, created_at, confirmed_at from actions.pledge ";
    private static final String NEWEST_FIRST = " order by created_at desc, id desc";

    /** One page of pledges, newest first, with how many there are in all. */
    public record Page(List<Pledges.Pledge> pledges, ListPage page, long total, long confirmed) {

        public int number() {
            return page.number();
        }

        public long pages() {
            return page.pages();
        }

        public long firstShown() {
            return page.firstShown(pledges.size());
        }

        public long lastShown() {
            return page.lastShown(pledges.size());
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate reading;

    PledgeList(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /** The page numbered {@code number} from 1; a number past the last page gives the last page. */
    Page page(int number) {
        return reading.execute(status -> {
            long[] counts = jdbc.sql("select count(*), count(confirmed_at) from actions.pledge")
                    .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .single();
            ListPage shown = ListPage.lastIfPast(number, counts[0], PAGE_SIZE);
            List<Pledges.Pledge> pledges = jdbc.sql(COLUMNS + NEWEST_FIRST + " limit :size offset :offset")
                    .param("size", shown.size())
                    .param("offset", shown.offset())
                    .query(PledgeList::pledge)
                    .list();
            return new Page(pledges, shown, counts[0], counts[1]);
        });
    }

    /**
     * Every confirmed pledge, newest first, handed on one at a time. They are read a page at a time, each page in a
     * statement of its own after the last one handed on, so no connection is held while the pledges are written out.
     */
    void eachConfirmed(Consumer<Pledges.Pledge> each) {
        Pledges.Pledge last = null;
        List<Pledges.Pledge> page;
        do {
            page = jdbc.sql(COLUMNS + """
                            where confirmed_at is not null
                              and (cast(:at as timestamptz) is null or (created_at, id) < (:at, :id))
                            """ + NEWEST_FIRST + " limit :rows")
                    .param("at", last == null ? null : Timestamp.from(last.createdAt()))
                    .param("id", last == null ? 0 : last.id())
                    .param("rows", ROWS_AT_A_TIME)
                    .query(PledgeList::pledge)
                    .list();
            page.forEach(each);
            last = page.isEmpty() ? last : page.get(page.size() - 1);
        } while (page.size() == ROWS_AT_A_TIME);
    }

    private static Pledges.Pledge pledge(ResultSet rs, int row) throws SQLException {
        Timestamp confirmed = rs.getTimestamp("confirmed_at");
        return new Pledges.Pledge(
                rs.getLong("id"),
                rs.getString("name"),
                PartnerRole.valueOf(rs.getString("role")),
                rs.getString("ods_code"),
                rs.getString("email"),
                rs.getBoolean("consent_to_contact"),
                rs.getTimestamp("created_at").toInstant(),
                confirmed == null ? null : confirmed.toInstant());
    }
}
