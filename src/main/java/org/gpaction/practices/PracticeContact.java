package org.gpaction.practices;

import java.util.List;

/** Where a practice is and how to call it, as the ODS file gives them, for notices to patients. */
public record PracticeContact(String odsCode, List<String> addressLines, String postcode, String phone) {

    public PracticeContact {
        addressLines = List.copyOf(addressLines);
    }
}
