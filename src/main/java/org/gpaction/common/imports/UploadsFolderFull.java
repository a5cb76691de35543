package org.gpaction.common.imports;

import java.util.Locale;

/**
 * An upload refused before any of it is read, because copying it would leave the disk of the uploads folder with less
 * free than {@link UploadSpace#minFreeSpace()}: nothing was imported and nothing is wrong with the file. It is answered
 * with 503 and a Retry-After rather than 507, as the space usually comes back by itself: each import under way deletes
 * its copy when it ends.
 */
public class UploadsFolderFull extends ImportNotTaken {

    /** How long a client is told to wait before it sends the file again. */
    public static final int RETRY_AFTER_SECONDS = 300;

    /** What the refusal is called, in the API's problem document and on the error page. */
    public static final String TITLE = "Too little disk space free";

    public UploadsFolderFull() {
        super(String.format(
                Locale.ROOT,
                "The server has too little disk space free to take the file now: nothing was imported. Send it again"
                        + " in %d minutes, once the imports under way have ended; if it is refused again, the operator"
                        + " needs to free space on the disk of GPACTION_DATA_DIR (or lower"
                        + " GPACTION_UPLOADS_MINFREESPACE)",
                RETRY_AFTER_SECONDS / 60));
    }
}
