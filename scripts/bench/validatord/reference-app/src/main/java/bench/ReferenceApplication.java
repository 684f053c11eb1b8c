package bench;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A bare endpoint: parse the body, validate {@code record} against one compiled schema, answer. */
@SpringBootApplication
@RestController
public class ReferenceApplication {
    private final Schema schema;

    ReferenceApplication(@Value("${reference.schema}") Path schemaFile) throws IOException {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
        this.schema = registry.getSchema(Files.readString(schemaFile));
    }

    public static void main(String[] args) {
        SpringApplication.run(ReferenceApplication.class, args);
    }

    @PostMapping("/v1/validate")
    ResponseEntity<String> validate(@RequestBody JsonNode body) {
        List<Error> errors = schema.validate(body.get("record"));
        return errors.isEmpty()
                ? ResponseEntity.ok().header("Content-Type", "application/json").body("{\"valid\":true}")
                : ResponseEntity.unprocessableContent().header("Content-Type", "application/json")
                        .body("{\"valid\":false,\"errors\":" + errors.size() + "}");
    }

    @GetMapping("/ping")
    String ping() {
        return "";
    }
}
