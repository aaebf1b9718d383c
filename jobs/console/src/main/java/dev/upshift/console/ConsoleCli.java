package dev.upshift.console;

import dev.upshift.jobs.runtime.Main;
import picocli.CommandLine.Command;

/** The console jar's entry point, beside a cluster deployment: {@code java -jar upshift-console-*-app.jar console|report …}. */
@Command(name = "upshift-console", mixinStandardHelpOptions = true, subcommands = {ConsoleCommand.class, ReportCommand.class, CompareCommand.class},
        description = "The Upshift console and its static report.")
public final class ConsoleCli {
    public static void main(String[] args) {
        Main.run(new ConsoleCli(), args);
    }
}
