package org.gpaction.common.database;

/**
 * A database address as it may be shown in a log or an error: without its parameters (pgjdbc takes {@code user},
 * {@code password} and {@code sslpassword} there) or the user and password some write before the host.
 */
final class RedactedUrl {

    private RedactedUrl() {}

    static String of(String url) {
        if (url == null) {
            return "(no URL)";
        }
        String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?…" : url;
        int scheme = shown.indexOf("//");
        int at = shown.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            shown = shown.substring(0, scheme + 2) + "…@" + shown.substring(at + 1);
        }
        return shown;
    }
}
