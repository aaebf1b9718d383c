package dev.upshift.jobs.runtime;

import picocli.CommandLine;

/** Runs a command as a program's main: the jar's entry points for a Flink cluster or a plain JVM. */
public final class Main {
    private Main() {}

    /** Parses the arguments, runs the command, and exits with its code when it is not 0. */
    public static void run(Object command, String[] args) {
        int exitCode = new CommandLine(command).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
