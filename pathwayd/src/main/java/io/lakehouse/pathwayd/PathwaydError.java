package io.lakehouse.pathwayd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** pathwayd's stable error codes. */
public enum PathwaydError implements ErrorCode {
    MEMORY_NOT_FOUND(HttpStatus.NOT_FOUND, "memory_not_found", "Memory not found"),
    SUCCESSOR_NOT_FOUND(HttpStatus.NOT_FOUND, "successor_not_found", "Successor memory not found"),
    PLAYBOOK_NOT_FOUND(HttpStatus.NOT_FOUND, "playbook_not_found", "Playbook not found"),
    MEMORY_RETIRED(HttpStatus.CONFLICT, "memory_retired", "Memory is retired"),
    MEMORY_SUPERSEDED(HttpStatus.CONFLICT, "memory_superseded", "Memory is superseded"),
    SUCCESSOR_RETIRED(HttpStatus.CONFLICT, "successor_retired", "Successor memory is retired"),
    REVISION_CYCLE(HttpStatus.CONFLICT, "revision_cycle", "Revision would close a cycle"),
    VERSION_MISMATCH(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "Memory version does not match If-Match"),
    INVALID_MEMORY(HttpStatus.BAD_REQUEST, "invalid_memory", "Invalid memory"),
    INVALID_QUERY(HttpStatus.BAD_REQUEST, "invalid_query", "Invalid query"),
    INDEX_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "index_unavailable", "Search index unavailable"),
    JOURNAL_FULL(HttpStatus.TOO_MANY_REQUESTS, "journal_full", "Too many pending writes"),
    JOURNAL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "journal_unavailable", "Journal unavailable"),
    LOADING(HttpStatus.SERVICE_UNAVAILABLE, "loading", "Memories are still loading");

    private final HttpStatus status;
    private final String code;
    private final String title;

    PathwaydError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
