package org.gpaction.ballots.trustees;

import java.nio.charset.StandardCharsets;
import org.gpaction.ballots.crypto.CryptoFormatException;
import org.gpaction.ballots.crypto.DecryptionShare;
import org.gpaction.ballots.crypto.DecryptionShareJson;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.trustees.DecryptionShares.Refusal;
import org.gpaction.ballots.trustees.DecryptionShares.ShareRefused;

/** A share file as a trustee pastes or sends it: read, or refused saying what was sent instead and what to send. */
final class ShareFiles {

    /** A share is about 300 characters an option. */
    static final int LONGEST_SHARE_FILE = 1_000_000;

    /** A trustee who pasted their private key is told it is exposed: it was not kept, but it reached the server. */
    static final String PRIVATE_KEY_PASTED = "That is your private key (trustee-private.json), not a share: it must"
            + " never leave your computer. It was not stored, but it has reached this server, so treat it as exposed"
            + " and tell the union's administrators. Paste share.json, which trustee decrypt wrote";

    static final String TOO_LONG = "it is too long to be one";

    private ShareFiles() {}

    static boolean isPrivateKey(String shareFile) {
        return shareFile != null && shareFile.contains(RecordJson.PRIVATE_KEY_FORMAT);
    }

    static DecryptionShare read(String shareFile) {
        if (shareFile == null || shareFile.isBlank()) {
            throw new ShareRefused("Paste the whole of the share file that trustee decrypt wrote");
        }
        if (isPrivateKey(shareFile)) {
            throw new ShareRefused(PRIVATE_KEY_PASTED);
        }
        if (shareFile.length() > LONGEST_SHARE_FILE) {
            throw new ShareRefused("That is too long to be a decryption share", new Refusal(null, TOO_LONG));
        }
        try {
            return DecryptionShareJson.share(
                    RecordJson.read(shareFile.strip().getBytes(StandardCharsets.UTF_8), "The share"));
        } catch (CryptoFormatException e) {
            throw new ShareRefused(
                    "That is not a decryption share file (" + e.getMessage()
                            + "): paste the whole of the file that trustee decrypt wrote",
                    new Refusal(null, "it is not a decryption share file"));
        }
    }
}
