/**
 * Roadshows and webinars: events hosted by an LMC or for a region, registration by practice staff confirmed through
 * a single-use link, a waiting list that moves up when someone cancels, a reminder the day before, attendance, and
 * calendar files. Registrants are practice staff: their name, work role, email address and optionally their
 * practice's ODS code, never anything about patients.
 */
@ApplicationModule(
        displayName = "Events",
        allowedDependencies = {"accounts", "ballots", "notifications", "practices", "membership"})
package org.gpaction.events;

import org.springframework.modulith.ApplicationModule;
