package org.gpaction.common.imports;

/**
 * An import not taken for now: another import held what it needs for longer than it waits, or the disk has too little
 * space free for its copy ({@link UploadsFolderFull}). Nothing was imported and nothing is wrong with the file, so it is
 * neither a refusal nor a failure, and {@link ImportTimer} counts it as busy.
 */
public abstract class ImportNotTaken extends RuntimeException {

    protected ImportNotTaken(String message) {
        super(message);
    }
}
