/**
 * Roadshows and webinars: events hosted by an LMC or for a region, registration by practice staff confirmed through
 * a single-use link, a waiting list that moves up when someone cancels, a reminder the day before, attendance, and
 * calendar files. Registrants are practice staff: their name, work role, email address and optionally their
 * practice's ODS code, never anything about patients.
 *
 * <p>It depends on ballots only to check that an event's ballot number is a ballot's ({@code BallotNumbers.exists}),
 * while the ballots module's question and receipt templates call this module's {@code upcomingEvents} bean, a use
 * Modulith cannot see: the cycle is acceptable as that call only reads this module's public {@code UpcomingEvents}
 * while a page is rendered, so ballots needs no bean of this module to start and neither call calls back the other.
 */
@ApplicationModule(
        displayName = "Events",
        allowedDependencies = {"accounts", "ballots", "notifications", "practices", "membership"})
package org.gpaction.events;

import org.springframework.modulith.ApplicationModule;
