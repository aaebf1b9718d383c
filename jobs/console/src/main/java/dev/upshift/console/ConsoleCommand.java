package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.runtime.ConfigOption;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./upshift console}: the web console over the output topics, until stopped. */
@Command(name = "console", mixinStandardHelpOptions = true, subcommands = ConsoleCommand.HashPassword.class,
        description = {"Serve the Upshift console: the review inbox for CS owners, account timelines, and the analysts' report.",
                "It reads the output topics (read_committed) into an in-memory DuckDB store at start and keeps following them."})
public final class ConsoleCommand implements Callable<Integer> {
    // Checked in call(), not by picocli: a required option here would be required of hash-password too.
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers, host:port[,host:port] (required)")
    String bootstrapServers;

    @Option(names = "--users", paramLabel = "FILE",
            description = "The users file: id, name and BCrypt passwordHash per user, see docs/console.md (required)")
    Path usersFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8088", description = "Port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; put TLS and OIDC in front before opening it wider)")
    String bind;

    @Option(names = "--session-timeout", defaultValue = "PT30M", description = "Idle time after which a session ends (default: ${DEFAULT-VALUE})")
    Duration sessionTimeout;

    @Mixin
    AttributionOption attribution;

    @Option(names = "--trusted-user-header", paramLabel = "HEADER",
            description = "Sign-in by an OIDC proxy in front (e.g. oauth2-proxy's X-Forwarded-Preferred-Username): the header that names "
                    + "the user; password sign-in is then off. Only safe when nothing but the proxy can reach the console.")
    String trustedUserHeader;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null || usersFile == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --bootstrap-servers and --users");
        }
        UpshiftConfig loaded = config.load();
        System.out.println("upshift: reading the topics into the console's store...");
        try (Console console = Console.start(loaded, bootstrapServers, usersFile,
                new Console.Settings(bind, port, sessionTimeout, attribution.window, trustedUserHeader))) {
            System.out.println("upshift: console on " + console.url() + " (users from " + usersFile + "); Ctrl-C stops it");
            new CountDownLatch(1).await();
        }
        return 0;
    }

    /** {@code ./upshift console hash-password}: a BCrypt hash for the users file, of a password read from the terminal or stdin. */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Print a BCrypt hash (cost " + Users.COST + ") of a password for the users file; the password is read, never an argument.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            char[] password = System.console() != null ? System.console().readPassword("Password: ")
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().toCharArray();
            if (password == null || password.length < 8) {
                System.err.println("upshift: a password of at least 8 characters, please");
                return 2;
            }
            System.out.println(Users.hash(password));
            return 0;
        }
    }
}
