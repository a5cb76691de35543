package org.gpaction.ballots.results;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.results.Results.AreaTurnout;
import org.gpaction.ballots.results.Results.DayTurnout;
import org.gpaction.ballots.results.Results.Turnout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who has returned a ballot paper, at any time: in total, by day and by area. Never which option they chose. */
@Component
class Turnouts {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;

    Turnouts(JdbcClient jdbc, BallotRepository ballots) {
        this.jdbc = jdbc;
        this.ballots = ballots;
    }

    Turnout total(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("""
                        select eligible, voted from ballots.voter_count where ballot_id = :ballot
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Turnout(rs.getLong(1), rs.getLong(2), Percent.of(rs.getLong(2), rs.getLong(1))))
                .single();
    }

    /** Ballot papers by the day they were cast: the only time a paper carries. */
    List<DayTurnout> byDay(long ballotId) {
        long eligible = total(ballotId).eligible();
        List<DayTurnout> days = new ArrayList<>();
        long[] soFar = {0};
        jdbc.sql("select cast_on, count(*) from ballots.ballot_paper where ballot_id = :ballot group by cast_on"
                        + " order by cast_on")
                .param("ballot", ballotId)
                .query(rs -> {
                    long returned = rs.getLong(2);
                    soFar[0] += returned;
                    days.add(new DayTurnout(
                            rs.getDate(1).toLocalDate(), returned, soFar[0], Percent.of(soFar[0], eligible)));
                });
        return days;
    }

    List<AreaTurnout> byIcb(long ballotId) {
        return by("ICB", ballotId);
    }

    List<AreaTurnout> byLmc(long ballotId) {
        return by("LMC", ballotId);
    }

    private List<AreaTurnout> by(String grouping, long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("""
                        select area, eligible, voted from ballots.area_turnout
                        where ballot_id = :ballot and grouping = :grouping
                        order by area nulls last
                        """)
                .param("ballot", ballotId)
                .param("grouping", grouping)
                .query((rs, row) -> new AreaTurnout(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), Percent.of(rs.getLong(3), rs.getLong(2))))
                .list();
    }
}
