package org.gpaction.membership;

/**
 * A membership import added or changed members: any of them may now be eligible for a ballot. One event for the
 * whole file, however many members it touched, so a national import does not queue a task per member.
 */
public record MembersImported(long importId) {}
