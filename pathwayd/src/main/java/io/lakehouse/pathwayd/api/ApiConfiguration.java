package io.lakehouse.pathwayd.api;

import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.shared.web.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import tools.jackson.databind.json.JsonMapper;

/** The ADD path outside MVC ({@link MemoryWrites}) and its description in {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    /**
     * Right after the shared filters (request id, auth, body size limit: HIGHEST_PRECEDENCE to +20) and Spring's
     * observation filter, before {@link OneWriteAnswers} (it writes once itself) and before Spring's
     * {@code RequestContextFilter}: nothing on the ADD path reads the request or locale context holders, and setting
     * and clearing them was ~2.5 % of the request threads' CPU at 32 clients.
     */
    @Bean
    FilterRegistrationBean<MemoryWrites> memoryWrites(MemoryService service, PathwaydProperties props, JsonMapper json,
                                                      ProblemWriter problems, MeterRegistry meters) {
        var reg = new FilterRegistrationBean<>(new MemoryWrites(service, props, json, problems, meters));
        reg.addUrlPatterns(MemoryWrites.MEMORIES, MemoryWrites.BATCH);
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return reg;
    }

    /** ADD and bulk ADD record {@code http.server.requests} themselves ({@link MemoryWrites}): not observed twice. */
    @Bean
    ObservationPredicate memoryWritesNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext c
                && MemoryWrites.timedHere(c.getCarrier()));
    }

    /** springdoc only sees MVC handlers: ADD and bulk ADD are added to the paths it found (list stays). */
    @Bean
    OpenApiCustomizer memoryWritesOpenApi() {
        return api -> {
            Schema<?> memory = new Schema<>().$ref("#/components/schemas/Memory");
            Schema<?> add = new ObjectSchema()
                    .addProperty("kind", new StringSchema()._enum(List.of("fact", "procedure", "episode")))
                    .addProperty("content", new StringSchema())
                    .addProperty("steps", new ArraySchema())
                    .addProperty("scope", new ObjectSchema().addProperty("user_id", new StringSchema())
                            .addProperty("agent_id", new StringSchema()).addProperty("run_id", new StringSchema()))
                    .addProperty("metadata", new ObjectSchema())
                    .addRequiredItem("content");
            Schema<?> batch = new ObjectSchema().addProperty("memories", new ArraySchema().items(add).minItems(1))
                    .addRequiredItem("memories");
            Schema<?> added = new ObjectSchema().addProperty("memories", new ArraySchema().items(memory));
            if (api.getPaths() == null) {
                api.setPaths(new Paths());
            }
            PathItem memories = api.getPaths().computeIfAbsent(MemoryWrites.MEMORIES, p -> new PathItem());
            memories.post(operation("add", "Adds one memory (durable before the answer)", add, memory));
            api.getPaths().addPathItem(MemoryWrites.BATCH, new PathItem().post(operation("addBatch",
                    "Adds 1 to limits.max-batch memories as one group: all durable, or none", batch, added)));
        };
    }

    private static Operation operation(String id, String summary, Schema<?> body, Schema<?> answer) {
        Content problem = new Content().addMediaType("application/problem+json", new MediaType());
        ApiResponses responses = new ApiResponses().addApiResponse("201", new ApiResponse().description("added")
                .content(new Content().addMediaType("application/json", new MediaType().schema(answer))));
        for (String status : List.of("400", "413", "415", "429", "503")) {
            responses.addApiResponse(status, new ApiResponse().description("problem details").content(problem));
        }
        return new Operation().operationId(id).summary(summary).addTagsItem("memory-controller")
                .requestBody(new RequestBody().required(true).content(new Content()
                        .addMediaType("application/json", new MediaType().schema(body))))
                .responses(responses);
    }
}
