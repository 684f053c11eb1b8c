package bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A bare endpoint: parse the ADD body, answer 201 with an id and the content. Nothing stored. */
@SpringBootApplication
@RestController
public class ReferenceApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReferenceApplication.class, args);
    }

    @PostMapping("/v1/memories")
    ResponseEntity<Map<String, Object>> add(@RequestBody JsonNode body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", UUID.randomUUID().toString());
        m.put("content", body.path("content").asString(""));
        m.put("state", "active");
        m.put("version", 1);
        return ResponseEntity.status(HttpStatus.CREATED).body(m);
    }
}
