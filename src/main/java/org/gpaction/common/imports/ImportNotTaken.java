package org.gpaction.common.imports;

/**
 * An import not taken because another import held what it needs for longer than it waits: nothing was imported and
 * nothing is wrong with the file, so it is neither a refusal nor a failure, and {@link ImportTimer} counts it as busy.
 */
public abstract class ImportNotTaken extends RuntimeException {

    protected ImportNotTaken(String message) {
        super(message);
    }
}
