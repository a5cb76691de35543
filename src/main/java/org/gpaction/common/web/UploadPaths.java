package org.gpaction.common.web;

import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * Paths that take a file (an import's CSV, as the body or in a multipart form), each up to its import's own limit
 * ({@code maxFileBytes}) and never past the upload limit. Each module declares its own as a bean; a body sent anywhere
 * else, whatever its type, is held to the body limit, so nobody can make the server read or spool a large upload
 * where no file is wanted, nor a file larger than the import it is sent to takes.
 *
 * @param maxFileBytes the largest file these paths' import takes; a multipart form may be larger by the body limit,
 *     for its other fields and the wrapping of its parts
 * @param setting the setting that gives {@code maxFileBytes}, its environment variable and key, named at start-up if it
 *     is more than any upload may send; none for paths held only to the upload limit
 * @param copied whether these paths' import copies the file to the uploads folder ({@code UploadCopies}), whose disk
 *     keeps its floor free: a page's form, which is read whole before its import sees it, is then refused unread when
 *     its length would cross the floor ({@link UploadsFolderFloor})
 */
public record UploadPaths(List<String> patterns, long maxFileBytes, String setting, boolean copied) {

    public UploadPaths {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("Upload paths need at least one pattern");
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("Upload paths need a largest file of at least one byte");
        }
    }

    /** Paths held only to the upload limit. */
    public UploadPaths(List<String> patterns) {
        this(patterns, Long.MAX_VALUE, null, false);
    }

    public static UploadPaths of(String... patterns) {
        return new UploadPaths(List.of(patterns));
    }

    /** Paths whose import takes a file of at most {@code maxFileSize}, as {@code setting} sets it. */
    public static UploadPaths of(DataSize maxFileSize, String setting, String... patterns) {
        return new UploadPaths(List.of(patterns), maxFileSize.toBytes(), setting, false);
    }

    /** These paths, whose import copies the file to the uploads folder. */
    public UploadPaths copiedToTheUploadsFolder() {
        return new UploadPaths(patterns, maxFileBytes, setting, true);
    }
}
