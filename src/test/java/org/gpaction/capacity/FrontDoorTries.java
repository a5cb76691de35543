package org.gpaction.capacity;

import org.gpaction.capacity.routing.FrontDoorRequestSubjects;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the public front door has counted against one address: its look-ups, under the address's fingerprint, and its
 * requests to each practice, under the subject the front door itself makes of the address and the practice. A test
 * forgets them to start with the address unpaused, and forgets nothing else: not other addresses' tries, nor this
 * address's requests to practices it does not name.
 */
final class FrontDoorTries {

    private final JdbcClient jdbc;
    private final String lookUps;
    private final String address;
    private final FrontDoorRequestSubjects requests;

    FrontDoorTries(JdbcClient jdbc, Networks networks, ApplicationContext context, String address) {
        this.jdbc = jdbc;
        this.lookUps = networks.fingerprint(address);
        this.address = address;
        this.requests = new FrontDoorRequestSubjects(context);
    }

    /** The tries counted against the address every test sends from, {@link AttemptsFromHere#ADDRESS}. */
    static FrontDoorTries fromHere(JdbcClient jdbc, Networks networks, ApplicationContext context) {
        return new FrontDoorTries(jdbc, networks, context, AttemptsFromHere.ADDRESS);
    }

    /** Forgets the address's look-ups, of every practice's front door. */
    void forgetLookUps() {
        jdbc.sql("delete from common.failed_attempt where kind = 'FRONT_DOOR_LOOKUP' and subject = :subject")
                .param("subject", lookUps)
                .update();
    }

    /** Forgets the address's look-ups and its requests to the practice. */
    void forget(String odsCode) {
        forgetLookUps();
        jdbc.sql("delete from common.failed_attempt where kind = 'FRONT_DOOR_REQUEST' and subject = :subject")
                .param("subject", requests.of(address, odsCode))
                .update();
    }
}
