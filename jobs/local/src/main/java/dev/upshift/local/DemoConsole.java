package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.console.Console;
import dev.upshift.console.Users;
import java.io.IOException;
import java.nio.file.Path;

/** The console beside the demo: every demo owner signs in with one password, written to a users file of the run. */
final class DemoConsole {
    static final String PASSWORD = "upshift-demo";

    private DemoConsole() {}

    /** Starts it on {@code port}, or on any free port when that one is taken. */
    static Console start(UpshiftConfig config, String bootstrapServers, Path workDir, int port) throws IOException {
        Path users = workDir.resolve("console-users.yaml");
        Users.writeFile(users, DemoData.OWNERS, PASSWORD.toCharArray());
        try {
            return Console.start(config, bootstrapServers, users, Console.Settings.defaults("127.0.0.1", port));
        } catch (Console.PortTaken portTaken) {
            return Console.start(config, bootstrapServers, users, Console.Settings.defaults("127.0.0.1", 0));
        }
    }

    static String invitation(Console console, String bootstrapServers) {
        return "Console: " + console.url() + "  (sign in as " + DemoData.OWNERS.get(0) + " … " + DemoData.OWNERS.get(DemoData.OWNERS.size() - 1)
                + ", password " + PASSWORD + "; the broker is " + bootstrapServers + ", for ./upshift report --bootstrap-servers)";
    }
}
