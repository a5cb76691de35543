package org.gpaction.practices.imports;

import java.util.Locale;
import java.util.regex.Pattern;

/** ODS organisation codes (practices, ICBs, sub-ICB locations) as the files give them. */
final class Codes {

    private static final Pattern ODS_CODE = Pattern.compile("[A-Z0-9]{2,10}");

    private Codes() {}

    static String normalise(String code) {
        return code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    }

    static boolean isValid(String normalisedCode) {
        return ODS_CODE.matcher(normalisedCode).matches();
    }
}
