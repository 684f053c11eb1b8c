package io.lakehouse.shared.peer;

/** A peer daemon answered with an error (problem details turned into fields), or could not be reached. */
public final class PeerException extends RuntimeException {
    private final String peer;
    private final int status;
    private final String code;

    public PeerException(String peer, int status, String code, String detail, Throwable cause) {
        super(peer + " answered " + (status == 0 ? "nothing" : status) + (code == null ? "" : " " + code)
                + (detail == null ? "" : ": " + detail), cause);
        this.peer = peer;
        this.status = status;
        this.code = code;
    }

    /** Name of the peer, e.g. {@code vectord}. */
    public String peer() {
        return peer;
    }

    /** HTTP status, or 0 when the peer could not be reached or timed out. */
    public int status() {
        return status;
    }

    /** The problem's {@code code}, or null when the body had none. */
    public String code() {
        return code;
    }
}
