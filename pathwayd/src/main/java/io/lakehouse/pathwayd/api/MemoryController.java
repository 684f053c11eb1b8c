package io.lakehouse.pathwayd.api;

import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Command;
import io.lakehouse.pathwayd.memory.HistoryEntry;
import io.lakehouse.pathwayd.memory.Kind;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.MemoryState;
import io.lakehouse.pathwayd.memory.MemoryStateMachine.Decision;
import io.lakehouse.pathwayd.memory.Scope;
import io.lakehouse.shared.web.ApiException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** UPDATE, REVISE, RETIRE, HISTORY, get and list of memories (ADD and bulk ADD: {@link MemoryWrites}). */
@RestController
class MemoryController {
    private static final Set<String> UPDATE = Set.of("content", "steps", "metadata");
    private static final Set<String> REVISE = Set.of("content", "steps", "metadata", "successor_id", "reason");
    private static final Set<String> RETIRE = Set.of("reason");

    private final MemoryService service;
    private final PathwaydProperties props;
    private final Bodies bodies;

    MemoryController(MemoryService service, PathwaydProperties props) {
        this.service = service;
        this.props = props;
        this.bodies = new Bodies(props.limits());
    }

    /** The answer for one memory: its body with its version as the entity tag. */
    static ResponseEntity<Memory> memory(HttpStatus status, Memory m) {
        var b = ResponseEntity.status(status).eTag("\"" + m.version() + "\"");
        if (status == HttpStatus.CREATED) {
            b.location(URI.create("/v1/memories/" + m.id()));
        }
        return b.body(m);
    }

    @GetMapping("/v1/memories/{id}")
    ResponseEntity<Memory> get(@PathVariable String id) {
        return memory(HttpStatus.OK, find(id));
    }

    private Memory find(String id) {
        return service.live().get(id).orElseThrow(() -> new ApiException(PathwaydError.MEMORY_NOT_FOUND,
                "no memory with id " + id, Map.of("memory_id", id)));
    }

    @PatchMapping("/v1/memories/{id}")
    ResponseEntity<Memory> update(@PathVariable String id, @RequestBody JsonNode body,
                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Bodies.object(body, "body", UPDATE);
        String content = bodies.content(body, "body", false);
        if (content == null && !Bodies.present(body, "steps") && !Bodies.present(body, "metadata")) {
            throw Bodies.invalid("an UPDATE changes content, steps or metadata; the body has none of them");
        }
        Decision d = service.submit(new Command.Update(id, content, Bodies.steps(body, "body"),
                Bodies.metadata(body, "body"), Bodies.ifMatch(ifMatch)));
        return memory(HttpStatus.OK, d.result());
    }

    record Revised(Memory revised, Memory successor) {
    }

    /** 201 with both memories when a successor was created from content, 200 when an existing one was linked. */
    @PostMapping("/v1/memories/{id}/revise")
    ResponseEntity<Revised> revise(@PathVariable String id, @RequestBody JsonNode body,
                                   @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Bodies.object(body, "body", REVISE);
        String successor = Bodies.id(body, "successor_id", "body");
        String content = bodies.content(body, "body", false);
        if ((successor == null) == (content == null)) {
            throw Bodies.invalid("a REVISE needs exactly one of content (a new successor) or successor_id (link one)");
        }
        if (successor != null && (Bodies.present(body, "steps") || Bodies.present(body, "metadata"))) {
            throw Bodies.invalid("steps and metadata go with content; a linked successor keeps its own");
        }
        Decision d = service.submit(new Command.Revise(id, content, Bodies.steps(body, "body"),
                Bodies.metadata(body, "body"), successor, Bodies.reason(body, false), Bodies.ifMatch(ifMatch)));
        Memory revised = d.operation().changes().getFirst().after();
        return ResponseEntity.status(d.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new Revised(revised, d.result()));
    }

    @PostMapping("/v1/memories/{id}/retire")
    ResponseEntity<Memory> retire(@PathVariable String id, @RequestBody JsonNode body,
                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Bodies.object(body, "body", RETIRE);
        Decision d = service.submit(new Command.Retire(id, Bodies.reason(body, true), Bodies.ifMatch(ifMatch)));
        return memory(HttpStatus.OK, d.result());
    }

    /** Every event that touched the memory or its revision lineage, oldest first. */
    @GetMapping("/v1/memories/{id}/history")
    List<HistoryEntry.Wire> history(@PathVariable String id) {
        find(id);
        MemoryState live = service.live();
        return live.historyOf(live.lineage(id)).stream().map(HistoryEntry::wire).toList();
    }

    record Page(List<Memory> memories, String nextCursor) {
    }

    /** Memories by id (creation order), filtered; retired and superseded ones only with include_retired=true. */
    @GetMapping("/v1/memories")
    Page list(@RequestParam(name = "user_id", required = false) String userId,
              @RequestParam(name = "agent_id", required = false) String agentId,
              @RequestParam(name = "run_id", required = false) String runId,
              @RequestParam(required = false) String kind,
              @RequestParam(name = "include_retired", defaultValue = "false") boolean includeRetired,
              @RequestParam(required = false) Integer limit,
              @RequestParam(required = false) String cursor) {
        int n = limit == null ? props.limits().defaultPageSize() : limit;
        if (n < 1 || n > props.limits().maxPageSize()) {
            throw new ApiException(PathwaydError.INVALID_QUERY, "limit must be between 1 and "
                    + props.limits().maxPageSize() + ", got " + n);
        }
        Kind k = kind == null ? null : Kind.parse(kind);
        if (kind != null && k == null) {
            throw new ApiException(PathwaydError.INVALID_QUERY, "kind must be fact, procedure or episode, got " + kind);
        }
        Scope scope = new Scope(userId, agentId, runId);
        Predicate<Memory> filter = m -> (includeRetired || m.active()) && (k == null || m.kind() == k)
                && m.scope().matches(scope);
        List<Memory> page = service.live().page(cursor, filter, n + 1);
        String next = null;
        if (page.size() > n) {
            page = page.subList(0, n);
            next = page.getLast().id();
        }
        return new Page(page, next);
    }
}
