package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gpaction.actions.DailyContactLimit;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Holding a clinician's cap to action 1's daily contact limit is one rule, written once in SQL (capacity.cap_limit and
 * capacity.cap_held_to) for every statement that holds a cap, and mirrored in Java only for caps held in memory: a cap
 * is held only while action 1 is in force, to the menu's limit, and never above the safe maximum of 25, which holds
 * too when the menu sets no limit. Each call is planned as the expression it stands for, so the routing decision's
 * statements cost what they did when they wrote least() themselves.
 */
@GpActionTest
class CapHeldToTests {

    @Autowired
    JdbcClient jdbc;

    /** A cap, action 1 in force or not, the menu's limit (null: none), and the cap as SQL holds it. */
    record Held(int cap, boolean inForce, Integer menuLimit, int held) {}

    @Test
    void aCapIsHeldToTheMenusLimitOnlyWhileActionOneIsInForce_andNeverAbove25() {
        assertThat(heldInSql(25, true, 20)).as("in force").isEqualTo(20);
        assertThat(heldInSql(18, true, 20)).as("below the limit").isEqualTo(18);
        assertThat(heldInSql(25, false, 20)).as("not in force").isEqualTo(25);
        assertThat(heldInSql(30, true, null))
                .as("no limit on the menu: the safe maximum")
                .isEqualTo(25);
        assertThat(heldInSql(30, true, 40)).as("a limit above the safe maximum").isEqualTo(25);
        assertThat(heldInSql(30, false, null)).as("not in force, nothing held").isEqualTo(30);
        assertThat(jdbc.sql("select capacity.cap_limit(false, 20)")
                        .query(Integer.class)
                        .optional())
                .as("no limit while action 1 is not in force")
                .isEmpty();
    }

    @Test
    void theJavaMirrorHoldsEveryCapAsTheSqlDoes() {
        List<Held> inSql = jdbc.sql("""
                        select cap, in_force, menu_limit,
                               capacity.cap_held_to(cap, capacity.cap_limit(in_force, menu_limit)) as held
                        from generate_series(0, 30) cap, unnest(array[false, true]) in_force,
                             unnest(array[null, 1, 19, 20, 25, 26, 40]::integer[]) menu_limit
                        """)
                .query((rs, row) -> new Held(
                        rs.getInt("cap"),
                        rs.getBoolean("in_force"),
                        rs.getObject("menu_limit", Integer.class),
                        rs.getInt("held")))
                .list();
        assertThat(inSql).hasSize(31 * 2 * 7);
        List<Held> inJava = new ArrayList<>();
        for (Held held : inSql) {
            Integer limit = held.inForce()
                    ? CapLimit.of(Optional.ofNullable(held.menuLimit())
                                    .map(contacts -> new DailyContactLimit(contacts, 1, LocalDate.of(2024, 8, 1))))
                            .contacts()
                    : null;
            inJava.add(new Held(held.cap(), held.inForce(), held.menuLimit(), CapLimit.heldTo(held.cap(), limit)));
        }
        assertThat(inJava).isEqualTo(inSql);
    }

    /**
     * Both functions are planned as the expressions they stand for, given action 1's in force and limit as a statement
     * reads them ({@link CapLimits#capLimitSql}, here as a form's answer from its request asks it): PostgreSQL calls
     * neither, so a statement holding caps through them costs what one writing least() and case itself does.
     */
    @Test
    void aStatementHoldingCapsIsPlannedAsTheExpressionItself() {
        String plan = String.join(
                "\n",
                jdbc.sql("""
                                explain (verbose, costs off)
                                select capacity.cap_held_to(d.cap, %s)
                                from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                                """.formatted(CapLimits.capLimitSql("c.ods_code", "d.day")))
                        .query(String.class)
                        .list());
        assertThat(plan).doesNotContain("cap_held_to", "cap_limit").contains("LEAST", "CASE");
    }

    private Integer heldInSql(int cap, boolean inForce, Integer menuLimit) {
        return jdbc.sql("select capacity.cap_held_to(:cap, capacity.cap_limit(:inForce, cast(:limit as integer)))")
                .param("cap", cap)
                .param("inForce", inForce)
                .param("limit", menuLimit)
                .query(Integer.class)
                .single();
    }
}
