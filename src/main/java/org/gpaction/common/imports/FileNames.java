package org.gpaction.common.imports;

/** The name a file is known by in the history, problems and logs: never a path, never control characters. */
public final class FileNames {

    public static final int MAX_LENGTH = 200;

    private FileNames() {}

    public static String clean(String given, String fallback) {
        if (given == null) {
            return fallback;
        }
        // Browsers on Windows may send the whole path; only the name means anything here.
        String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (name.isEmpty()) {
            return fallback;
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}
