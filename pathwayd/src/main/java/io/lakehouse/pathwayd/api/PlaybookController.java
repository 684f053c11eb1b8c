package io.lakehouse.pathwayd.api;

import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Command;
import io.lakehouse.pathwayd.memory.HistoryEntry;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.MemoryStateMachine.Decision;
import io.lakehouse.shared.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Named procedures on top of procedure memories: PUT creates or revises, GET answers the active version. */
@RestController
@RequestMapping("/v1/playbooks")
class PlaybookController {
    private static final Set<String> PUT = Set.of("content", "steps", "scope", "metadata", "reason");

    private final MemoryService service;
    private final Bodies bodies;

    PlaybookController(MemoryService service, PathwaydProperties props) {
        this.service = service;
        this.bodies = new Bodies(props.limits());
    }

    /** 201 when created, 200 when revised (a new version) or when the body is identical (nothing changes). */
    @PutMapping("/{name}")
    ResponseEntity<Memory> put(@PathVariable String name, @RequestBody JsonNode body) {
        Bodies.playbookName(name);
        Bodies.object(body, "body", PUT);
        Decision d = service.submit(new Command.PutPlaybook(name, bodies.content(body, "body", true),
                Bodies.steps(body, "body"), Bodies.scope(body, "body"), Bodies.metadata(body, "body"),
                Bodies.reason(body, false)));
        boolean createdFresh = d.created() && d.result().supersedes().isEmpty();
        return MemoryController.memory(createdFresh ? HttpStatus.CREATED : HttpStatus.OK, d.result());
    }

    @GetMapping("/{name}")
    ResponseEntity<Memory> get(@PathVariable String name) {
        return MemoryController.memory(HttpStatus.OK, service.live().playbook(name)
                .orElseThrow(() -> notFound(name)));
    }

    /** Every event of every memory that ever stood for the playbook, oldest first. */
    @GetMapping("/{name}/history")
    List<HistoryEntry.Wire> history(@PathVariable String name) {
        Set<String> members = service.live().playbookMembers(name);
        if (members.isEmpty()) {
            throw notFound(name);
        }
        return service.live().historyOf(members).stream().map(HistoryEntry::wire).toList();
    }

    static ApiException notFound(String name) {
        return new ApiException(PathwaydError.PLAYBOOK_NOT_FOUND, "no active playbook named " + name,
                Map.of("name", name));
    }
}
