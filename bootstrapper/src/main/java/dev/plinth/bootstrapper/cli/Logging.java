package dev.plinth.bootstrapper.cli;

import java.nio.file.Path;

/** Chooses the logging setup before the first logger is created. */
final class Logging {

    private Logging() {
    }

    /** Logs to the console and to {@code <dataDir>/logs/plinth.log}. */
    static void toConsoleAndFile(Path dataDir) {
        System.setProperty("plinth.log.dir", dataDir.toAbsolutePath().resolve("logs").toString());
        System.setProperty("logback.configurationFile", "logback-platform.xml");
    }
}
