package io.lakehouse.shared.config;

import io.lakehouse.shared.auth.AuthToken;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Applies {@link BindPolicy} as soon as the configuration is known, before any bean or the web server exists,
 * so a refused start takes a second and prints one line rather than a cascade of context failures.
 */
public final class BindPolicyListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public int getOrder() {
        // After logging is initialised (LoggingApplicationListener), so the refusal is reported in the log.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getProperty("spring.main.web-application-type", "servlet").equalsIgnoreCase("servlet")) {
            return;
        }
        LakehouseProperties.Auth auth = Binder.get(environment)
                .bind("lakehouse.auth", Bindable.of(LakehouseProperties.Auth.class))
                .orElseGet(() -> new LakehouseProperties.Auth(null, null));
        BindPolicy.check(environment.getProperty("server.address"), AuthToken.from(auth).enabled());
    }
}
