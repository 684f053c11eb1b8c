package io.lakehouse.shared.testapp;

import io.lakehouse.shared.web.ApiException;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A minimal daemon for testing the shared rules over real HTTP. */
@SpringBootApplication
public class TestApplication {

    /** Endpoints that exercise each error path. */
    @RestController
    static class Endpoints {
        record Echo(String someValue) {
        }

        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
        Echo echo(@RequestBody Echo body) {
            return body;
        }

        @GetMapping("/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/busy")
        Map<String, Object> busy() {
            throw new ApiException(io.lakehouse.shared.web.CommonError.TOO_MANY_REQUESTS, "queue full");
        }

        @GetMapping("/missing")
        Map<String, Object> missing() {
            throw ApiException.notFound("no widget named 'x'");
        }
    }
}
