package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.Upload;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What every module's import API answers alike: a file sent as the request body, the new run at its own address, the
 * bounds of the history asked for, and one run or a 404 naming it.
 */
public final class ImportApi {

    public static final int MOST_LISTED = 1000;

    private ImportApi() {}

    /** The body as the file: named by {@code fileName}, or by {@code fallbackName} when the client gave none. */
    public static Upload upload(HttpServletRequest request, String fileName, String fallbackName, Principal admin)
            throws IOException {
        return new Upload(
                FileNames.clean(fileName, fallbackName),
                request.getInputStream(),
                request.getContentLengthLong(),
                admin.getName());
    }

    /** @param path where the module's imports are, such as {@code /api/practices/imports} */
    public static <V> ResponseEntity<V> created(String path, long id, V run) {
        return ResponseEntity.created(URI.create(path + "/" + id)).body(run);
    }

    public static int historyLimit(int limit) {
        if (limit < 1 || limit > MOST_LISTED) {
            throw InvalidRequest.field("limit", "Ask for between 1 and " + MOST_LISTED + " imports");
        }
        return limit;
    }

    public static ResponseEntity<?> one(long id, Optional<?> run) {
        return run.<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.of(
                                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no import " + id))
                        .build());
    }
}
