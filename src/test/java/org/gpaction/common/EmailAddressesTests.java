package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailAddressesTests {

    @Test
    void ordinaryAddressesAreSendable() {
        List<String> good = List.of(
                "gp@nhs.net",
                "o'brien@nhs.net",
                "first.last+tag@nhs.net",
                "ballots@scrutineer.example",
                "a_b-c@sub.d-x.co.uk",
                "x".repeat(64) + "@" + "d".repeat(180) + ".example");
        assertThat(good).allSatisfy(address -> {
            assertThat(EmailAddresses.isSendable(address)).as(address).isTrue();
            assertThat(mailLibraryTakes(address)).as(address).isTrue();
        });
    }

    /** Each passed the patterns that were the only check, and the mail library then refused to send to it. */
    @Test
    void addressesTheMailLibraryCannotSendToAreNotSendable() {
        List<String> refusedByTheMailLibrary = List.of(
                "x@d.example.",
                "x@d..example",
                "x.@d.example",
                ".x@d.example",
                "x,y@d.example",
                "x@d.example;",
                "x@d.example,",
                "x@d.example)",
                "x@d.example:",
                "x@.d.example",
                "x@d.example(");
        assertThat(refusedByTheMailLibrary).allSatisfy(address -> {
            assertThat(mailLibraryTakes(address)).as(address).isFalse();
            assertThat(EmailAddresses.isSendable(address)).as(address).isFalse();
        });
    }

    /**
     * The library takes each of these, but as a different address from the text (a comment, a name, quotes), or one
     * the forms always refused: one mailbox must be one way of writing it.
     */
    @Test
    void anAddressWrittenWithACommentANameOrQuotesIsNotSendable() {
        assertThat(List.of(
                        "bob@x.com(1)",
                        "bob(1)@x.com",
                        "Bob <bob@x.com>",
                        "<bob@x.com>",
                        "\"bob\"@x.com",
                        "bo\\b@x.com",
                        "bob@x.com ",
                        "bo b@x.com",
                        "bob\u0000@x.com",
                        "bob@x\u00a0.com",
                        "bob@localhost",
                        "bob@x.com@y.com",
                        "@x.com",
                        "bob@",
                        "",
                        "x".repeat(250) + "@x.com"))
                .allSatisfy(address -> assertThat(EmailAddresses.isSendable(address))
                        .as(address)
                        .isFalse());
        assertThat(EmailAddresses.isSendable(null)).isFalse();
    }

    /** Whether the mail library takes the address as a message's sender is built from it, then checked. */
    private static boolean mailLibraryTakes(String address) {
        try {
            new InternetAddress(address, null, StandardCharsets.UTF_8.name()).validate();
            return true;
        } catch (AddressException | UnsupportedEncodingException e) {
            return false;
        }
    }
}
