package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

class KeyedHashesTests {

    @Test
    void instancesGivenOnePasswordMakeOneHash_andEachPurposeItsOwn() {
        KeyedHashes one = new KeyedHashes(reachedWith("s3cret"));
        KeyedHashes another = new KeyedHashes(reachedWith("s3cret"));
        assertThat(another.of("counting", "bob@x.com")).isEqualTo(one.of("counting", "bob@x.com"));
        assertThat(one.of("another purpose", "bob@x.com")).isNotEqualTo(one.of("counting", "bob@x.com"));
        assertThat(one.of("counting", "alice@x.com")).isNotEqualTo(one.of("counting", "bob@x.com"));
    }

    @Test
    void anotherPasswordMakesAnotherHash() {
        assertThat(new KeyedHashes(reachedWith("another")).of("counting", "bob@x.com"))
                .isNotEqualTo(new KeyedHashes(reachedWith("s3cret")).of("counting", "bob@x.com"));
    }

    /** Without a password there is nothing shared to key from, so each instance keys from its own random bytes. */
    @Test
    void withoutAPasswordEachInstanceHasAKeyOfItsOwn() {
        assertThat(new KeyedHashes(reachedWith(null)).of("counting", "bob@x.com"))
                .isNotEqualTo(new KeyedHashes(reachedWith(null)).of("counting", "bob@x.com"))
                .isNotEqualTo(new KeyedHashes(reachedWith("")).of("counting", "bob@x.com"));
    }

    private static JdbcConnectionDetails reachedWith(String password) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "gpaction";
            }

            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://db.test/gpaction";
            }
        };
    }
}
