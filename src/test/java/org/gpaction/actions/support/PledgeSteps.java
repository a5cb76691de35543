package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.TestMailbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the tests following a pledge through its mail do again and again: find its link, count what was kept. */
final class PledgeSteps {

    private static final Pattern LINK = Pattern.compile("(/support/confirm/[A-Za-z0-9_-]+)");

    private PledgeSteps() {}

    /** The confirmation link in the {@code nth} mail to this address (from 1), waited for. */
    static String confirmationLink(String email, int nth) {
        return link(TestMailbox.awaitMessagesTo(email, nth).get(nth - 1).body());
    }

    /** The confirmation link (its path) in a mail's body. */
    static String link(String body) {
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return link.group(1);
    }

    static int pledgesMadeWith(JdbcClient jdbc, String email) {
        return jdbc.sql("select count(*) from actions.pledge where lower(email) = lower(:email)")
                .param("email", email)
                .query(Integer.class)
                .single();
    }

    /** The page's text with its runs of white space as single spaces, as a reader sees it. */
    static String words(String page) {
        return page.replaceAll("\\s+", " ");
    }
}
