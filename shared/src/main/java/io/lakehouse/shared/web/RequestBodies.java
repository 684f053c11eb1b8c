package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body in one piece, for endpoints served outside Spring MVC's message converters. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * The whole body; a declared length is read straight into an array of that size, without growing buffers. Past
     * the daemon's limit it throws {@link PayloadTooLargeException} (from the shared body size filter).
     */
    public static byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            if (declared < 0 || declared > Integer.MAX_VALUE - 16) {
                return in.readAllBytes();
            }
            byte[] body = new byte[(int) declared];
            int n = in.readNBytes(body, 0, body.length);
            // A client that sent less than it declared gets what arrived (the parser then reports where it ends).
            return n == body.length ? body : Arrays.copyOf(body, n);
        }
    }
}
