package org.gpaction.ballots.crypto;

/** Input that is not a well-formed encoding: a point off the curve, the identity where it is not allowed, a scalar
 * not below the group order, a wrong length or a missing field. */
public class CryptoFormatException extends IllegalArgumentException {

    public CryptoFormatException(String message) {
        super(message);
    }

    public CryptoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
