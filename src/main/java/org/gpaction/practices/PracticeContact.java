package org.gpaction.practices;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where a practice is and how to call it, as the ODS file gives them, for notices to patients. */
public record PracticeContact(String odsCode, List<String> addressLines, String postcode, String phone) {

    public PracticeContact {
        addressLines = List.copyOf(addressLines);
    }

    /**
     * The address on one line, its lines and postcode apart by commas; a part the ODS file leaves empty is left out,
     * so it is empty when the file gives none.
     */
    public String address() {
        return Stream.concat(addressLines.stream(), Stream.of(postcode))
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .collect(Collectors.joining(", "));
    }
}
