package org.gpaction.common.ratelimit;

import org.gpaction.common.KeyedHashes;
import org.springframework.stereotype.Component;

/**
 * The subject under which tries from one network address are counted: a {@linkplain KeyedHashes keyed hash} of its
 * network as {@link NetworkSubjects} reads it (an IPv4 address, an IPv6 /64), so a limit per address holds on whichever
 * instance sharing the database takes the try, and the database (or a backup of it) keeps no address, nor a plain hash
 * against which the few billion IPv4 addresses could be tested.
 */
@Component
public class Networks {

    // Tries counted under the address itself, before this, would only stop matching; common's migration V5 deletes them
    // rather than keep the address for their day.
    private static final String PURPOSE = "GP Action tries from one network address";

    private final KeyedHashes hashes;

    public Networks(KeyedHashes hashes) {
        this.hashes = hashes;
    }

    public String fingerprint(String remoteAddress) {
        return hashes.of(PURPOSE, NetworkSubjects.of(remoteAddress));
    }
}
