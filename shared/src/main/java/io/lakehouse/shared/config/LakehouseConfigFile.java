package io.lakehouse.shared.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Finds {@code lakehouse.yml} ({@code --lakehouse.config=PATH}, then {@code LAKEHOUSE_CONFIG}, then
 * {@code ./lakehouse.yml}) and places it below the command line and the environment but above the daemon's
 * own {@code application.yml}; adds the shared defaults below everything.
 *
 * <p>An explicitly named file that does not exist stops the start: silently running on defaults would hide a typo.
 */
public final class LakehouseConfigFile implements EnvironmentPostProcessor, Ordered {

    /** Name of the property source holding the file, for diagnostics. */
    public static final String SOURCE_NAME = "lakehouseConfigFile";
    static final String DEFAULTS = "lakehouse-defaults.properties";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        addDefaults(sources);
        Path file = locate(environment);
        if (file == null) {
            return;
        }
        try {
            List<PropertySource<?>> loaded = new YamlPropertySourceLoader()
                    .load(SOURCE_NAME + " [" + file + "]", new FileSystemResource(file));
            String anchor = sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                    ? StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME : null;
            for (int i = loaded.size() - 1; i >= 0; i--) {
                if (anchor != null) {
                    sources.addAfter(anchor, loaded.get(i));
                } else {
                    sources.addFirst(loaded.get(i));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigFileException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    static Path locate(ConfigurableEnvironment environment) {
        String explicit = environment.getProperty("lakehouse.config");
        String origin = "--lakehouse.config";
        if (explicit == null || explicit.isBlank()) {
            explicit = environment.getProperty("LAKEHOUSE_CONFIG");
            origin = "LAKEHOUSE_CONFIG";
        }
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new ConfigFileException("configuration file " + p.toAbsolutePath() + " named by " + origin
                        + " does not exist", null);
            }
            return p;
        }
        Path local = Path.of("lakehouse.yml");
        return Files.isRegularFile(local) ? local : null;
    }

    private static void addDefaults(MutablePropertySources sources) {
        Resource r = new ClassPathResource(DEFAULTS, LakehouseConfigFile.class.getClassLoader());
        try {
            sources.addLast(new ResourcePropertySource("lakehouseDefaults", r));
        } catch (IOException e) {
            throw new IllegalStateException("shared defaults " + DEFAULTS + " missing from the class path", e);
        }
    }

    /** The configuration file was named but cannot be used. */
    public static final class ConfigFileException extends RuntimeException {
        ConfigFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
