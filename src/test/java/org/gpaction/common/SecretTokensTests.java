package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretTokensTests {

    @Test
    void everyGeneratedTokenLooksValid() {
        for (int i = 0; i < 1000; i++) {
            String token = SecretTokens.generate();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(SecretTokens.looksValid(token)).as(token).isTrue();
        }
    }

    @Test
    void onlyTheUrlSafeBase64AlphabetLooksValid() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        assertThat(SecretTokens.looksValid(alphabet)).isTrue();
        String token = SecretTokens.generate();
        // Letters and digits of other scripts are no part of a token, however Java classes them.
        for (String other : new String[] {"é", "ß", "Ж", "字", "٣", "１", "Ａ", "+", "/", "=", ".", " ", "%"}) {
            String tried = other + token.substring(1);
            assertThat(SecretTokens.looksValid(tried)).as(tried).isFalse();
        }
        assertThat(SecretTokens.looksValid(null)).isFalse();
        assertThat(SecretTokens.looksValid("")).isFalse();
        assertThat(SecretTokens.looksValid("a".repeat(65))).isFalse();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    }
}
