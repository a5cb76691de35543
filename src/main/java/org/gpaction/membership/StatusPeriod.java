package org.gpaction.membership;

import java.time.LocalDate;

/** A status the membership system reported, from the day it began until the next one. */
public record StatusPeriod(MembershipStatus status, LocalDate since) {}
