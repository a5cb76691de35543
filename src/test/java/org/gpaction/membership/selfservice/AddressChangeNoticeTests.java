package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the address a member had before is told when they change it on their details page, once they open the link
 * sent to the new one.
 */
@GpActionTest
class AddressChangeNoticeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theOldAddressIsToldThatABallotWhoseMailAScrutineerDirectedElsewhereKeepsSendingItThere() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        String before = members.email(number);
        Http member = members.signedIn(number);
        member.get("/my-details/edit");
        String moved = TestMailbox.uniqueAddress("moved");
        assertThat(member.postForm("/my-details/email", Map.of("email", moved)).status())
                .isEqualTo(302);
        assertThat(SelfServiceMembers.open(member, members.confirmationLink(number, moved))
                        .status())
                .isEqualTo(200);

        String body = jdbc.sql("""
                        select body from notifications.outbox
                        where recipient = :to and category = 'details-email-changed'
                        """).param("to", before).query(String.class).single();
        assertThat(body)
                .contains("Union email, including ballot email, will now go to the new address")
                .contains("where a ballot's scrutineer has directed your email about that ballot to another address,"
                        + " that ballot's email, including its result, keeps going there until a new voting link"
                        + " for that ballot is sent to your membership address")
                .contains("If you did not make this change, tell the union at once.");
    }
}
