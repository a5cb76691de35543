package org.gpaction.membership.members;

/**
 * A change to the roll that waited as long as a change may for the roll, held all that time by an import: nothing was
 * changed, and the person is told to try again in a minute.
 */
public class RollBeingUpdated extends RuntimeException {

    public RollBeingUpdated() {
        super("The membership roll is being updated by an import");
    }
}
