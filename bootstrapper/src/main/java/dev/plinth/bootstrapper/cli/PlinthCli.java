package dev.plinth.bootstrapper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code plinth} command.
 *
 * <p>Exit codes: 0 success, 1 a failure while running, 2 bad input (options, inventory, settings).</p>
 */
@Command(name = "plinth",
        mixinStandardHelpOptions = true,
        version = "plinth 0.1.0",
        description = "Plinth, a platform-as-a-service for IoT applications.",
        subcommands = {UpCommand.class, ServiceCommand.class, AgentCommand.class, StatusCommand.class,
                SimulateCommand.class, CommandLine.HelpCommand.class})
public final class PlinthCli implements Runnable {

    /** Bad input: options, inventory or settings. */
    public static final int EXIT_BAD_INPUT = 2;
    /** A failure while running. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new PlinthCli());
        cli.setParameterExceptionHandler((e, arguments) -> {
            cli.getErr().println(e.getMessage());
            e.getCommandLine().usage(cli.getErr());
            return EXIT_BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
