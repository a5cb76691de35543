package org.gpaction.membership;

/** Someone joined, through the joining form or an import: they may now be eligible for a ballot. */
public record MemberJoined(String membershipNumber) {}
