package org.gpaction.common.imports;

import java.io.InputStream;

/**
 * A file sent for import, through a page or the API: the name it is known by ({@link FileNames#clean}), its content,
 * read from its stream as it is checked, the length the client announced (-1 if it did not say), and who sent it.
 */
public record Upload(String fileName, InputStream content, long declaredLength, String importedBy) {}
