package org.gpaction.common.imports;

import java.util.List;
import java.util.Map;

/** One record of a CSV file with the line it starts on; fields are looked up by header name where there is one. */
public record CsvRecord(int line, List<String> fields, Map<String, Integer> columns) {

    public String get(int index) {
        return index < fields.size() ? fields.get(index) : "";
    }

    public String get(String column) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new IllegalArgumentException("No column " + column);
        }
        return get(index).strip();
    }

    public boolean isBlank() {
        return fields.stream().allMatch(String::isBlank);
    }
}
