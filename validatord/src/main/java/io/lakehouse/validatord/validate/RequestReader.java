package io.lakehouse.validatord.validate;

import io.lakehouse.validation.ValidationError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/** Reasons, in our own words, for bodies the parser refused; stable across Jackson versions. */
final class RequestReader {
    private RequestReader() {
    }

    static ValidationError.Malformed malformed(String what, JacksonException e, int maxDepth, int maxString) {
        if (e instanceof StreamConstraintsException c) {
            String m = String.valueOf(c.getOriginalMessage());
            if (m.contains("nesting depth")) {
                return new ValidationError.Malformed(what + " nests deeper than " + maxDepth + " levels");
            }
            if (m.contains("String value length")) {
                return new ValidationError.Malformed(what + " holds a string longer than " + maxString + " characters");
            }
            return new ValidationError.Malformed(what + " exceeds a parser limit");
        }
        TokenStreamLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0 && what.equals("line")) {
            return new ValidationError.Malformed("line is not valid JSON (column " + at.getColumnNr() + ")");
        }
        if (at != null && at.getLineNr() > 0) {
            return new ValidationError.Malformed(what + " is not valid JSON (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")");
        }
        return new ValidationError.Malformed(what + " is not valid JSON");
    }
}
