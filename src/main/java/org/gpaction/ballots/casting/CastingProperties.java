package org.gpaction.ballots.casting;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * At least one each: at none, or fewer, every unknown voting link or receipt checked would be answered with an error
 * page rather than 404 or 429.
 *
 * @param unknownLinksPerAddress how many unknown voting links one network address may try per 15 minutes before it
 *     is paused; a real link always works
 * @param unknownReceiptsPerAddress how many receipts not found one network address may check per 15 minutes before it
 *     is paused
 */
@Validated
@ConfigurationProperties("gpaction.ballots")
record CastingProperties(
        @Positive(
                message = "GPACTION_BALLOTS_UNKNOWNLINKSPERADDRESS (gpaction.ballots.unknown-links-per-address) must be"
                        + " at least 1, for example 30")
        @DefaultValue("30")
        int unknownLinksPerAddress,

        @Positive(
                message = "GPACTION_BALLOTS_UNKNOWNRECEIPTSPERADDRESS (gpaction.ballots.unknown-receipts-per-address)"
                        + " must be at least 1, for example 20")
        @DefaultValue("20")
        int unknownReceiptsPerAddress) {}
