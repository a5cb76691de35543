/**
 * Pressures and funding from the NHS's own publications: registered patients per fully qualified GP, appointments
 * per working day, the funding swingometer and practice closures, for England, each ICB, sub-ICB location, LMC and
 * practice. Files are imported by administrators (payments, appointments, workforce); everything else is public.
 * The payments file also gives the practices directory each practice's contract type.
 */
@ApplicationModule(
        displayName = "Pressures and funding",
        allowedDependencies = {"accounts", "practices", "capacity"})
package org.gpaction.insights;

import org.springframework.modulith.ApplicationModule;
