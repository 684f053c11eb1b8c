package io.lakehouse.pathwayd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** pathwayd's stable error codes. */
public final class PathwaydError {
    public static final ErrorCode MEMORY_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "memory_not_found", "Memory not found");
    public static final ErrorCode SUCCESSOR_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "successor_not_found", "Successor memory not found");
    public static final ErrorCode PLAYBOOK_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "playbook_not_found", "Playbook not found");
    public static final ErrorCode MEMORY_RETIRED =
            ErrorCode.of(HttpStatus.CONFLICT, "memory_retired", "Memory is retired");
    public static final ErrorCode MEMORY_SUPERSEDED =
            ErrorCode.of(HttpStatus.CONFLICT, "memory_superseded", "Memory is superseded");
    public static final ErrorCode SUCCESSOR_RETIRED =
            ErrorCode.of(HttpStatus.CONFLICT, "successor_retired", "Successor memory is retired");
    public static final ErrorCode REVISION_CYCLE =
            ErrorCode.of(HttpStatus.CONFLICT, "revision_cycle", "Revision would close a cycle");
    public static final ErrorCode VERSION_MISMATCH =
            ErrorCode.of(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "Memory version does not match If-Match");
    public static final ErrorCode INVALID_MEMORY =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_memory", "Invalid memory");
    public static final ErrorCode INVALID_QUERY =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_query", "Invalid query");
    public static final ErrorCode INDEX_UNAVAILABLE =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "index_unavailable", "Search index unavailable");
    public static final ErrorCode JOURNAL_FULL =
            ErrorCode.of(HttpStatus.TOO_MANY_REQUESTS, "journal_full", "Too many pending writes");
    public static final ErrorCode JOURNAL_UNAVAILABLE =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "journal_unavailable", "Journal unavailable");
    public static final ErrorCode LOADING =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "loading", "Memories are still loading");

    private PathwaydError() {
    }
}
