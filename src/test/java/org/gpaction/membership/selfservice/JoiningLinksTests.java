package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The link confirming a request to join is made as its email goes, and not at all once it is no longer wanted. */
@GpActionTest
class JoiningLinksTests {

    @Autowired
    JoiningLinks links;

    @Autowired
    Joining joining;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLinkMadeAgainReplacesTheOneBefore() {
        String request = request("1 hour");

        String first = token(links.mint(request).orElseThrow());
        String second = token(links.mint(request).orElseThrow());

        assertThat(joining.pending(first)).isEmpty();
        assertThat(joining.pending(second)).isPresent();
    }

    @Test
    void noLinkIsMadeForARequestThatHasExpiredOrIsGone() {
        assertThat(links.mint(request("-1 minute"))).isEmpty();
        assertThat(links.mint("-1")).isEmpty();
    }

    @Test
    void noLinkIsMadeForARequestAlreadyConfirmed() {
        String request = request("1 hour");
        jdbc.sql("update membership.joining_request set confirmed_at = now() where id = cast(:id as bigint)")
                .param("id", request)
                .update();

        assertThat(links.mint(request)).isEmpty();
    }

    private String request(String expiresIn) {
        return jdbc.sql("""
                        insert into membership.joining_request (details, created_at, expires_at)
                        values (jsonb_build_object('email', cast(:email as text)), now(), now() + cast(:in as interval))
                        returning id::text
                        """)
                .param("email", "links." + UUID.randomUUID() + "@example.org")
                .param("in", expiresIn)
                .query(String.class)
                .single();
    }

    private static String token(String link) {
        String path = URI.create(link).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
