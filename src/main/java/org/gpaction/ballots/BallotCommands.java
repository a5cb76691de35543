package org.gpaction.ballots;

import java.io.PrintStream;
import org.gpaction.ballots.crypto.CryptoCommands;

/**
 * The ballot commands shipped in the jar, run without Spring: {@code trustee keygen}, {@code trustee decrypt} and
 * {@code verify record.zip} (see {@link CryptoCommands} and docs/ballot-record.md).
 */
public final class BallotCommands {

    private BallotCommands() {}

    public static boolean handles(String[] args) {
        return CryptoCommands.handles(args);
    }

    /** Answers the process's exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CryptoCommands.run(args, out, err);
    }
}
