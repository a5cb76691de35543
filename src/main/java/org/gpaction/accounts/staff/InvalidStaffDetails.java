package org.gpaction.accounts.staff;

import java.util.LinkedHashMap;
import java.util.Map;

/** Details that cannot make an account; each entry names the field and says what to fix. */
public class InvalidStaffDetails extends RuntimeException {

    private final Map<String, String> problems;

    public InvalidStaffDetails(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
