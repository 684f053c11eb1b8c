package io.lakehouse.validation;

/** A document that is not a usable contract; the message says why, for a person. */
public final class InvalidContractException extends Exception {
    public InvalidContractException(String reason) {
        super(reason);
    }

    public InvalidContractException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
