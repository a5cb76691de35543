package org.gpaction.practices;

import java.time.LocalDate;

/** Patients registered at some practices on the date of one extract, and how many of the practices it counted. */
public record ListSizeTotal(LocalDate extractedOn, int practices, long patients) {}
