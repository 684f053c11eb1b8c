package io.lakehouse.validatord.validate;

import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validatord.ValidatordProperties;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the validate servlet on its two exact paths and describes them in {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class ValidateConfiguration {

    @Bean
    ServletRegistrationBean<ValidateServlet> validateServlet(ContractRegistry registry, ValidatordProperties properties) {
        var reg = new ServletRegistrationBean<>(new ValidateServlet(new ValidateEndpoints(registry, properties)),
                ValidateServlet.SINGLE, ValidateServlet.BATCH);
        reg.setName("validate");
        reg.setLoadOnStartup(1);
        return reg;
    }

    /** The servlet is outside Spring MVC, so springdoc does not see it: its two operations are added here. */
    @Bean
    OpenApiCustomizer validateOperations() {
        return api -> {
            api.path(ValidateServlet.SINGLE, new PathItem().post(new Operation()
                    .operationId("validate")
                    .summary("Validate one record: {\"dataset\",\"record\"[,\"schema_version\"]}")
                    .requestBody(body("application/json"))
                    .responses(answers("200", "valid: {\"valid\":true}",
                            "422", "invalid: {\"valid\":false,\"errors\":[...]}",
                            "400", "malformed request", "404", "unknown dataset or version",
                            "413", "body over the size limit"))));
            api.path(ValidateServlet.BATCH, new PathItem().post(new Operation()
                    .operationId("validateBatch")
                    .summary("Validate NDJSON, one record per line; lists the invalid lines")
                    .addParametersItem(new Parameter().in("query").name("dataset").required(true)
                            .schema(new StringSchema()))
                    .requestBody(body("application/x-ndjson"))
                    .responses(answers("200", "{\"total\",\"valid\",\"invalid\",\"results\":[{\"line\",\"errors\"}]}",
                            "400", "missing or invalid dataset", "404", "unknown dataset",
                            "413", "body over the size limit"))));
        };
    }

    private static RequestBody body(String mediaType) {
        return new RequestBody().required(true)
                .content(new Content().addMediaType(mediaType, new MediaType().schema(new ObjectSchema())));
    }

    private static ApiResponses answers(String... statusAndDescription) {
        ApiResponses r = new ApiResponses();
        for (int i = 0; i < statusAndDescription.length; i += 2) {
            r.addApiResponse(statusAndDescription[i], new ApiResponse().description(statusAndDescription[i + 1])
                    .content(new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()))));
        }
        return r;
    }
}
