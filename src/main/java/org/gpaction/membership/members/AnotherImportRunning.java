package org.gpaction.membership.members;

import org.gpaction.common.imports.ImportNotTaken;

/**
 * A membership file sent while another import held the roll for longer than a change waits for it: nothing was
 * imported, and the administrator is told to send it again once that import has finished. It is not the file's fault,
 * so it is no refusal in the import history.
 */
class AnotherImportRunning extends ImportNotTaken {

    AnotherImportRunning(String fileName) {
        super("Another import of the membership file is updating the roll: nothing was imported from " + fileName
                + "; send it again once that import has finished and shows in the import history");
    }
}
