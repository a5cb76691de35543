package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.RuleSet;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A membership number is one number whatever the case of its letters: the membership system may export it in
 * lower case and the member type it in capitals, and a file given again in the other case is the same roll.
 */
@GpActionTest
class MembershipNumberCaseTests {

    static final String HEADER = String.join(",", MemberImport.COLUMNS) + "\n";

    @Autowired
    MemberImport memberImport;

    @Autowired
    MemberIdentities identities;

    @Autowired
    MemberRepository members;

    @Autowired
    Eligibility eligibility;

    @Autowired
    JdbcClient jdbc;

    String prefix;
    int gmcBase;

    @BeforeEach
    void numbersOfTheirOwn() {
        prefix = "cs" + UUID.randomUUID().toString().substring(0, 6);
        gmcBase = 1000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 8000000);
    }

    @Test
    void aNumberImportedInLowerCaseIsMatchedWhenTheMemberTypesItInCapitals() {
        MemberImport.Result imported = importRoll(roll(3, false));
        assertThat(imported.created()).isEqualTo(3);

        String typed = number(1).toUpperCase(Locale.ROOT);
        assertThat(identities.match(" " + typed + " ", gmc(1)))
                .as("a replacement link asked for with the number in capitals")
                .isPresent();
        assertThat(members.find(typed)).isPresent();
        assertThat(eligibility.decide(typed, RuleSet.GP_MEMBERS_ENGLAND, Instant.now()))
                .isPresent();
        assertThat(storedNumbers()).as("kept in capitals").allMatch(n -> n.equals(n.toUpperCase(Locale.ROOT)));
    }

    @Test
    void theSameRollImportedAgainInTheOtherCaseChangesNothing() {
        importRoll(roll(3, false));
        List<String> before = storedNumbers();

        MemberImport.Result again = importRoll(roll(3, true));

        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(storedNumbers()).isEqualTo(before);
    }

    @Test
    void membersStoredInLowerCaseBeforeAreTheOnesARollInCapitalsUpdatesAndKeepTheirSpelling() {
        // As an import before this version left them: the number as the file spelt it.
        for (int i = 1; i <= 3; i++) {
            jdbc.sql("""
                            insert into membership.member (membership_number, gmc_number, given_name, family_name,
                                email, status, status_since, joined_on, updated_at)
                            values (:number, :gmc, :given, 'Case', :email, 'ACTIVE', '2015-04-01', '2015-04-01', now())
                            """)
                    .param("number", number(i))
                    .param("gmc", gmc(i))
                    .param("given", "Given" + i)
                    .param("email", email(i))
                    .update();
            jdbc.sql("insert into membership.member_status values (:number, '2015-04-01', 'ACTIVE')")
                    .param("number", number(i))
                    .update();
        }

        MemberImport.Result inCapitals = importRoll(roll(3, true));

        assertThat(inCapitals.created()).as("nobody new").isZero();
        assertThat(inCapitals.unchanged()).isEqualTo(3);
        assertThat(storedNumbers())
                .as("still spelt as the ballots that name them spell them")
                .containsExactly(number(1), number(2), number(3));

        String renamed = roll(3, true).replace("Given2,", "Renamed2,");
        MemberImport.Result changed = importRoll(renamed);
        assertThat(changed.created()).isZero();
        assertThat(changed.updated()).isEqualTo(1);
        assertThat(members.find(number(2)).orElseThrow().givenName()).isEqualTo("Renamed2");
        assertThat(identities.match(number(2).toUpperCase(Locale.ROOT), gmc(2)))
                .map(MemberIdentities.Contact::membershipNumber)
                .contains(number(2));
    }

    private MemberImport.Result importRoll(String file) {
        return memberImport.importFile(
                "members.csv", new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), -1, "test");
    }

    private String roll(int count, boolean capitals) {
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 1; i <= count; i++) {
            String number = capitals ? number(i).toUpperCase(Locale.ROOT) : number(i);
            file.append(String.join(
                            ",",
                            number,
                            gmc(i),
                            "Given" + i,
                            "Case",
                            email(i),
                            "ACTIVE",
                            "2015-04-01",
                            "2015-04-01",
                            "",
                            "",
                            "",
                            ""))
                    .append('\n');
        }
        return file.toString();
    }

    private List<String> storedNumbers() {
        return jdbc.sql("""
                        select membership_number from membership.member
                        where upper(membership_number) like upper(:prefix) || '%' order by 1
                        """).param("prefix", prefix).query(String.class).list();
    }

    private String number(int i) {
        return prefix + "-" + i;
    }

    private String gmc(int i) {
        return String.valueOf(gmcBase + i);
    }

    private String email(int i) {
        return prefix + "." + i + "@example.org";
    }
}
