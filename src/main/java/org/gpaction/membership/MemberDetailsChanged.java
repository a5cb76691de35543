package org.gpaction.membership;

/** A member's details or roles changed: their eligibility may have changed too. */
public record MemberDetailsChanged(String membershipNumber) {}
