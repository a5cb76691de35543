/**
 * Safe working: each practice's clinicians and their daily caps (at most the daily contact limit action 1 has on the
 * menu in force, 25 as shipped, and held to it while the practice has action 1 in force), every patient request
 * booked, diverted with signposting or waitlisted, the online front door gated by capacity, the reception board, and
 * the evidence of demand the practice could not meet. Works on counts and request metadata only: nothing that
 * identifies a patient is stored.
 */
@ApplicationModule(
        displayName = "Safe working",
        allowedDependencies = {"accounts", "practices", "actions"})
package org.gpaction.capacity;

import org.springframework.modulith.ApplicationModule;
