package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.crypto.Group;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What someone with full access to the database sees of an open ballot: ciphertexts and proofs, never a choice or a
 * partial count, even when they pair papers with voters by transaction id; and a paper whose proofs fail counts as
 * spoilt.
 */
@GpActionTest
class EncryptedVotesTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Tallying tallying;

    @Autowired
    DecryptionShares shares;

    @Autowired
    Results results;

    @Autowired
    ProofChecking checking;

    @LocalServerPort
    int port;

    @Test
    void withEveryTableReadableDuringAnOpenBallotNoChoiceOrPartialCountCanBeFound() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        List<String> yesVoters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String member = "ENC-" + i + "-" + UUID.randomUUID();
            casting.cast(fixtures.credential(ballot, member), i < 4 ? 0 : 1);
            if (i < 4) {
                yesVoters.add(member);
            }
        }

        assertThat(jdbc.sql("""
                        select column_name from information_schema.columns
                        where table_schema = 'ballots' and table_name = 'ballot_paper' order by column_name
                        """).query(String.class).list())
                .as("a paper holds its encrypted ballot and tracker, and no choice")
                .containsExactly("ballot_id", "cast_on", "encrypted", "paper_id", "tracker");
        assertThat(jdbc.sql("""
                        select table_schema || '.' || table_name || '.' || column_name from information_schema.columns
                        where table_schema not in ('pg_catalog', 'information_schema') and table_schema !~ '^pg_'
                            and column_name ~ '(choice|answer|selected|preference)'
                        """).query(String.class).list())
                .as("no column in any of the app's schemas (the session store, the outbox, every module's) is named"
                        + " for a choice, but the front door's answer to a request, which is not a ballot's")
                .containsExactly("capacity.form_once.answer");
        Map<String, Object> count = jdbc.sql("select tally, counts from ballots.ballot where id = :id")
                .param("id", ballot)
                .query()
                .singleRow();
        assertThat(count.get("tally")).as("no count of any kind while open").isNull();
        assertThat(count.get("counts")).isNull();

        // The background check's sums of the papers it found sound are a partial count, but encrypted: only the
        // trustee's private key turns the first option's into the four votes it holds.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            checking.checkBatch(ballot);
            return jdbc.sql("select coalesce(sum(papers), 0) from ballots.checked_sum where ballot_id = :b")
                            .param("b", ballot)
                            .query(Long.class)
                            .single()
                    == 6;
        });
        Ciphertext firstOption = Ciphertext.ZERO;
        for (byte[] sums : jdbc.sql("select sums from ballots.checked_sum where ballot_id = :b")
                .param("b", ballot)
                .query((rs, row) -> rs.getBytes(1))
                .list()) {
            firstOption = firstOption.add(Ciphertext.decodeAll(sums, 2).get(0));
        }
        for (int votes = 0; votes <= 6; votes++) {
            assertThat(firstOption.beta().normalize())
                    .as("the stored sum is not the plain count " + votes)
                    .isNotEqualTo(Group.smallMultiple(votes));
        }
        assertThat(firstOption
                        .beta()
                        .subtract(Group.mul(firstOption.alpha(), TestTrustee.KEY.secret()))
                        .normalize())
                .isEqualTo(Group.smallMultiple(4));

        // The pairing an operator can still make: each paper written in its voter's transaction.
        List<byte[]> yesPapers = jdbc.sql("""
                        select p.encrypted from ballots.ballot_paper p
                        join ballots.credential c on c.xmin = p.xmin and c.ballot_id = p.ballot_id
                        where p.ballot_id = :ballot and c.membership_number = any(:members)
                        """)
                .param("ballot", ballot)
                .param("members", yesVoters.toArray(String[]::new))
                .query((rs, row) -> rs.getBytes(1))
                .list();
        assertThat(yesPapers)
                .as("the pairing still finds each Yes voter's paper")
                .hasSize(4);
        Set<String> distinct = new HashSet<>();
        Election election = TestTrustee.election(jdbc, ballot);
        for (byte[] paper : yesPapers) {
            distinct.add(java.util.HexFormat.of().formatHex(paper));
            EncryptedBallot decoded = EncryptedBallot.decode(paper);
            assertThat(election.check(decoded))
                    .as("a well-formed ballot with valid proofs")
                    .isNull();
        }
        assertThat(distinct)
                .as("four votes for the same option share no ciphertext")
                .hasSize(4);
        byte[] first = yesPapers.get(0);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("Yes");

        assertThat(jdbc.sql("""
                        select string_agg(distinct relname, ',' order by relname) from (
                            select 'credential' as relname from ballots.credential c, ballots.ballot_paper p
                                where p.ballot_id = :b and c.xmin = p.xmin
                            union all select 'roll_entry' from ballots.roll_entry r, ballots.ballot_paper p
                                where p.ballot_id = :b and r.xmin = p.xmin
                            union all select 'ballot' from ballots.ballot b, ballots.ballot_paper p
                                where p.ballot_id = :b and b.xmin = p.xmin
                            union all select 'ballot_log' from ballots.ballot_log l, ballots.ballot_paper p
                                where p.ballot_id = :b and l.xmin = p.xmin
                        ) written
                        """).param("b", ballot).query(String.class).single())
                .as("a vote writes the burned credential, the roll's mark and the paper, nothing else")
                .isEqualTo("credential,roll_entry");
    }

    @Test
    void aVoteForEachOptionCastThroughThePagesLeavesNoOptionsLabelInAnyTableButTheBallotsListOfOptions() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String yes = "Yes-" + UUID.randomUUID();
        String no = "No-" + UUID.randomUUID();
        jdbc.sql("update ballots.ballot set options = array[:yes, :no] where id = :id")
                .param("yes", yes)
                .param("no", no)
                .param("id", ballot)
                .update();
        for (int choice = 0; choice < 2; choice++) {
            String token = fixtures.credential(ballot, "PAGES-" + choice + "-" + UUID.randomUUID());
            Http browser = new Http(port);
            Map<String, String> confirm = RepeatedConfirmTests.checkPage(browser, token, choice);
            assertThat(browser.get("/vote/" + token).body()).contains(yes);
            assertThat(browser.postForm("/vote/" + token + "/confirm", confirm).body())
                    .contains("Your vote has been recorded");
        }
        assertThat(fixtures.papers(ballot)).isEqualTo(2);

        // Every column of every table in the app's schemas that can hold text, read as text: the page sessions'
        // attributes, the outbox, the ballots' log and every other module's tables. The ballot's own list of options
        // must be found, or the search finds nothing at all.
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : jdbc.sql("""
                        select c.table_schema, c.table_name, c.column_name, c.data_type
                        from information_schema.columns c
                        join information_schema.tables t
                            on t.table_schema = c.table_schema and t.table_name = c.table_name
                        where t.table_type = 'BASE TABLE'
                            and c.table_schema not in ('pg_catalog', 'information_schema')
                            and c.table_schema !~ '^pg_'
                            and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')
                        """).query().listOfRows()) {
            String name = column.get("table_schema") + "." + column.get("table_name") + "." + column.get("column_name");
            String quoted = "\"" + column.get("table_schema") + "\".\"" + column.get("table_name") + "\".\""
                    + column.get("column_name") + "\"";
            String asText =
                    "bytea".equals(column.get("data_type")) ? "encode(" + quoted + ", 'escape')" : quoted + "::text";
            boolean holds = jdbc.sql("select exists (select 1 from \"" + column.get("table_schema") + "\".\""
                            + column.get("table_name") + "\" where strpos(" + asText + ", :yes) > 0 or strpos("
                            + asText + ", :no) > 0)")
                    .param("yes", yes)
                    .param("no", no)
                    .query(Boolean.class)
                    .single();
            if (holds) {
                found.add(name);
            }
        }
        assertThat(found).containsExactly("ballots.ballot.options");
    }

    @Test
    void aPaperWhoseProofsFailIsCountedAsSpoiltAndReported() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            casting.cast(fixtures.credential(ballot, "SPOIL-" + i + "-" + UUID.randomUUID()), i == 2 ? 1 : 0);
        }
        // Someone with database access stuffs a paper of their own: a Yes whose sum proof they cannot make.
        byte[] forged = TestTrustee.election(jdbc, ballot)
                .encrypt(0, new java.security.SecureRandom())
                .encode();
        forged[forged.length - 1] ^= 1;
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :ballot, :encrypted, sha256(:encrypted), current_date)
                        """).param("ballot", ballot).param("encrypted", forged).update();

        fixtures.closeNow(ballot);
        TestTrustee.count(jdbc, tallying, shares, ballot);

        Results.Result result = results.result(ballot);
        assertThat(result.spoilt()).isEqualTo(1);
        assertThat(result.returned()).isEqualTo(4);
        assertThat(result.options()).extracting(Results.OptionResult::votes).containsExactly(2L, 1L);
        assertThat(shares.state(ballot).tally().spoilt())
                .singleElement()
                .satisfies(spoilt -> assertThat(spoilt.reason()).isNotBlank());
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'TALLIED'")
                        .param("id", ballot)
                        .query(String.class)
                        .single())
                .contains("Encrypted totals made from 3 papers whose proofs held; 1 spoilt")
                .contains("The papers do not match the turnout: 4 papers, but 3 members marked as having voted (1"
                        + " paper more)");
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'CLOSED'")
                        .param("id", ballot)
                        .query(String.class)
                        .single())
                .endsWith("; 3 members voted: the count must find as many ballot papers");
    }

    @Test
    void aCountOfOnePaperIsLoggedInTheSingular() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "ONE-" + UUID.randomUUID()), 0);

        fixtures.closeNow(ballot);
        TestTrustee.count(jdbc, tallying, shares, ballot);

        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'TALLIED'")
                        .param("id", ballot)
                        .query(String.class)
                        .single())
                .contains("Encrypted totals made from 1 paper whose proofs held; none spoilt")
                .contains("The 1 paper matches the 1 member marked as having voted.")
                .doesNotContain("1 papers")
                .doesNotContain("1 members");
    }
}
