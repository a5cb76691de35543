package org.gpaction.common.web;

import java.util.List;

/**
 * Paths that take a file (an import's CSV, as the body or in a multipart form) up to the upload limit. Each module
 * declares its own as a bean; a body sent anywhere else, whatever its type, is held to the body limit, so nobody can
 * make the server read or spool a large upload where no file is wanted.
 */
public record UploadPaths(List<String> patterns) {

    public UploadPaths {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("Upload paths need at least one pattern");
        }
    }

    public static UploadPaths of(String... patterns) {
        return new UploadPaths(List.of(patterns));
    }
}
