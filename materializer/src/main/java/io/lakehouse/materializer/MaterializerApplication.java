package io.lakehouse.materializer;

import io.lakehouse.materializer.run.Materializer;
import io.lakehouse.materializer.run.RunRecord;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.validation.DatasetName;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point of materializer: the daemon, or with {@code --once [--dataset NAME] [--lenient]} one run without a
 * web server, the run record on stdout, logs on stderr, and exit 0 (all valid), 1 (invalid records in strict mode,
 * or a failure) or 2 (usage).
 */
@SpringBootApplication
public class MaterializerApplication {
    static final String USAGE = "usage: java -jar materializer.jar --once [--dataset NAME] [--lenient]"
            + " [--lakehouse.<key>=<value> ...]";

    public static void main(String[] args) {
        if (List.of(args).contains("--once")) {
            System.exit(once(args));
        }
        SpringApplication.run(MaterializerApplication.class, args);
    }

    /** Options of the one-shot command; everything of the form --key=value goes to Spring. */
    record OnceOptions(String dataset, boolean lenient, List<String> springArgs) {
        static OnceOptions parse(String[] args) {
            String dataset = null;
            boolean lenient = false;
            List<String> spring = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--once" -> { }
                    case "--lenient" -> lenient = true;
                    case "--dataset" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--dataset needs a name");
                        }
                        dataset = args[++i];
                    }
                    default -> {
                        if (a.startsWith("--dataset=")) {
                            dataset = a.substring("--dataset=".length());
                        } else if (a.startsWith("--") && a.contains("=")) {
                            spring.add(a);
                        } else {
                            throw new IllegalArgumentException("unknown argument " + a);
                        }
                    }
                }
            }
            if (dataset != null && !DatasetName.isValid(dataset)) {
                throw new IllegalArgumentException(DatasetName.problem(dataset));
            }
            return new OnceOptions(dataset, lenient, spring);
        }
    }

    static int once(String[] args) {
        OnceOptions options;
        try {
            options = OnceOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("materializer: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        PrintStream stdout = System.out;
        // Logs and progress go to stderr; stdout carries only the run record.
        System.setOut(System.err);
        SpringApplication app = new SpringApplication(MaterializerApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> springArgs = new ArrayList<>(options.springArgs());
        springArgs.add("--lakehouse.materializer.interval=0");
        try (ConfigurableApplicationContext context = app.run(springArgs.toArray(String[]::new))) {
            Materializer materializer = context.getBean(Materializer.class);
            RunRecord record;
            try {
                // A run that was killed holds its lease until it expires: wait that out rather than fail.
                Duration leaseWait = context.getBean(MaterializerProperties.class).leaseTtl().plusSeconds(5);
                record = materializer.run(options.dataset(), "once", true, leaseWait);
            } catch (ApiException e) {
                System.err.println("materializer: " + e.getMessage());
                return e.error() == MaterializerError.UNKNOWN_DATASET ? 2 : 1;
            }
            stdout.println(context.getBean(JsonMapper.class).writeValueAsString(record));
            stdout.flush();
            if (!record.status().equals(RunRecord.SUCCEEDED)) {
                return 1;
            }
            return record.invalid() > 0 && !options.lenient() ? 1 : 0;
        } catch (Exception e) {
            System.err.println("materializer: run failed: " + e);
            return 1;
        }
    }
}
