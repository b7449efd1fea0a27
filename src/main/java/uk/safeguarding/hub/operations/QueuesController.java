package uk.safeguarding.hub.operations;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/queues} and {@code POST /api/queues/{name}/retry}, for operations staff (role OPS). */
@RestController
class QueuesController {

    private final Queues queues;

    QueuesController(Queues queues) {
        this.queues = queues;
    }

    @GetMapping("/api/queues")
    List<Queues.QueueState> all() throws Exception {
        return queues.all();
    }

    @PostMapping("/api/queues/{name}/retry")
    ResponseEntity<?> retry(@PathVariable String name, Principal who) throws Exception {
        return queues.retry(name, who.getName())
                .<ResponseEntity<?>>map(moved -> ResponseEntity.ok(Map.of("queue", name, "moved", moved)))
                .orElseGet(() -> ResponseEntity.status(404)
                        .body(Map.of(
                                "problems",
                                List.of(name + " is not a dead-letter queue (" + String.join(", ", Queues.DEAD_LETTERS)
                                        + ")"))));
    }
}
