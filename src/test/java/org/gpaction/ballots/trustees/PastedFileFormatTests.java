package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pasted key or share whose "format" is no text is refused as another format, not a crash. */
class PastedFileFormatTests {

    @Test
    void aKeyFileWhoseFormatIsAnObjectOrAListIsRefusedAsNotAKeyFile() {
        for (String pasted : List.of("{\"format\":{}}", "{\"format\":[]}", "{\"format\":{\"x\":[1]}}")) {
            assertThatThrownBy(() -> TrusteeKeys.read(pasted))
                    .as(pasted)
                    .isInstanceOf(TrusteeKeys.InvalidTrusteeKey.class)
                    .hasMessageContaining("That is not a trustee public key file (Expected format")
                    .hasMessageContaining("found another");
        }
    }

    @Test
    void aShareFileWhoseFormatIsAListOrAnObjectIsRefusedAsNotAShare() {
        for (String pasted : List.of("{\"format\":[]}", "{\"format\":{}}")) {
            assertThatThrownBy(() -> ShareFiles.read(pasted))
                    .as(pasted)
                    .isInstanceOf(DecryptionShares.ShareRefused.class)
                    .hasMessageContaining("That is not a decryption share file (Expected format")
                    .hasMessageContaining("found another");
        }
    }
}
