package io.lakehouse.pathwayd.memory;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.ErrorCode;
import java.util.Map;

/** An operation the state machine refused; nothing changed. Answered as problem details. */
public final class Rejected extends ApiException {
    public Rejected(ErrorCode error, String detail, Map<String, Object> properties) {
        super(error, detail, properties);
    }

    public ErrorCode code() {
        return error();
    }
}
