package org.gpaction.practices.imports;

/** What one set-based write did; rows it did not count were already as the file says. */
record Changes(int created, int updated) {}
