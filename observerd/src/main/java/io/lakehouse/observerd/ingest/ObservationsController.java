package io.lakehouse.observerd.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/observations}: a JSON array of observations, or {@code {"observations":[...]}}. Answers 202 once
 * the valid items are durable, listing the invalid ones by index; 422 when no item is valid.
 */
@RestController
class ObservationsController {
    private final Ingestor ingestor;

    ObservationsController(Ingestor ingestor) {
        this.ingestor = ingestor;
    }

    /** The answer: counts and the invalid items (at most the configured number listed). */
    record Answer(int accepted, int rejected, List<Ingestor.ItemError> errors) {
    }

    @PostMapping("/v1/observations")
    ResponseEntity<Answer> post(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        }
        Ingestor.Outcome o = ingestor.ingest(body, "json");
        HttpStatus status = o.accepted() == 0 ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(new Answer(o.accepted(), o.rejected(), o.errors()));
    }
}
