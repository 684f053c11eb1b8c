package io.lakehouse.shared;

import io.lakehouse.shared.auth.AuthToken;
import io.lakehouse.shared.auth.BearerTokenFilter;
import io.lakehouse.shared.config.BindPolicy;
import io.lakehouse.shared.config.LakehouseProperties;
import io.lakehouse.shared.peer.PeerClients;
import io.lakehouse.shared.web.BodySizeLimitFilter;
import io.lakehouse.shared.web.ProblemDetailsAdvice;
import io.lakehouse.shared.web.ProblemErrorController;
import io.lakehouse.shared.web.ProblemWriter;
import io.lakehouse.shared.web.RequestIdFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The rules every daemon follows: bind policy, auth, request ids, body limits, problem details, peer clients. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@EnableConfigurationProperties(LakehouseProperties.class)
public class LakehouseAutoConfiguration {

    /** Reads the token once; {@code BindPolicyListener} has already refused an open non-loopback bind. */
    @Bean
    AuthToken authToken(LakehouseProperties properties, Environment environment) {
        AuthToken token = AuthToken.from(properties.auth());
        // Also checked here for contexts started without the listener (e.g. tests building their own app).
        BindPolicy.check(environment.getProperty("server.address"), token.enabled());
        return token;
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    ProblemErrorController problemErrorController(ProblemWriter writer) {
        return new ProblemErrorController(writer);
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(LakehouseProperties properties) {
        var reg = new FilterRegistrationBean<>(new RequestIdFilter(properties.http().accessLog()));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return reg;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AuthToken token, ProblemWriter writer) {
        var reg = new FilterRegistrationBean<>(new BearerTokenFilter(token, writer));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        reg.setEnabled(token.enabled());
        return reg;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LakehouseProperties properties) {
        var reg = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.http().maxBodySize().toBytes()));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return reg;
    }

    /** Names the API after the daemon in {@code /v3/api-docs}, and says how to authenticate. */
    @Bean
    io.swagger.v3.oas.models.OpenAPI lakehouseOpenApi(Environment environment, AuthToken token) {
        String name = environment.getProperty("spring.application.name", "lakehouse");
        var api = new io.swagger.v3.oas.models.OpenAPI().info(new io.swagger.v3.oas.models.info.Info()
                .title(name).version(getClass().getPackage().getImplementationVersion() == null ? "dev"
                        : getClass().getPackage().getImplementationVersion())
                .description("Lakehouse " + name + ". Errors are RFC 9457 problem details with `code` and "
                        + "`request_id`."));
        if (token.enabled()) {
            api.components(new io.swagger.v3.oas.models.Components().addSecuritySchemes("bearer",
                    new io.swagger.v3.oas.models.security.SecurityScheme()
                            .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP).scheme("bearer")))
                    .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
        }
        return api;
    }

    @Bean
    PeerClients peerClients(LakehouseProperties properties, AuthToken token,
                            ObjectProvider<RestClient.Builder> builder, JsonMapper json) {
        return new PeerClients(properties, token, builder.getIfAvailable(RestClient::builder), json);
    }
}
