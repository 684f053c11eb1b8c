package bench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The floor for queryd's SELECT 42: parse the POST /sql body, answer the same JSON bytes. No DuckDB. */
@SpringBootApplication
@RestController
public class ReferenceApplication {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] ANSWER = ("{\"columns\":[{\"name\":\"42\",\"type\":\"INTEGER\"}],\"rows\":[[42]],"
            + "\"row_count\":1,\"truncated\":false,\"elapsed_ms\":0.1}").getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) {
        SpringApplication.run(ReferenceApplication.class, args);
    }

    @PostMapping("/sql")
    void sql(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = JSON.readTree(request.getInputStream().readAllBytes());
        if (!body.path("sql").isString()) {
            response.sendError(400);
            return;
        }
        response.setContentType("application/json");
        response.setContentLength(ANSWER.length);
        response.getOutputStream().write(ANSWER);
    }
}
