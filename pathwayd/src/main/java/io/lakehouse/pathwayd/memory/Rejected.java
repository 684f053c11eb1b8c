package io.lakehouse.pathwayd.memory;

import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.shared.web.ApiException;
import java.util.Map;

/** An operation the state machine refused; nothing changed. Answered as problem details. */
public final class Rejected extends ApiException {
    public Rejected(PathwaydError error, String detail, Map<String, Object> properties) {
        super(error, detail, properties);
    }

    public PathwaydError code() {
        return (PathwaydError) error();
    }
}
