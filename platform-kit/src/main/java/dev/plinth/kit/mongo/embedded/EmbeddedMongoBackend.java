package dev.plinth.kit.mongo.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.nio.file.Path;

/**
 * The backend of every MongoDB wire server Plinth runs inside a JVM (mongo-java-server on H2): the
 * embedded platform's, in a file that survives restarts, and the tests', in memory.
 *
 * <p><b>Sessions.</b> The MongoDB driver uses client sessions only when the server's handshake
 * reply carries {@code logicalSessionTimeoutMinutes}, and Micronaut Data runs every operation in
 * one; mongo-java-server's reply has no such field, so every repository call would fail with "server
 * that doesn't support sessions". This backend adds the field to the {@code isMaster} reply. The server then
 * ignores the {@code lsid} that commands carry, which is harmless here: one server, no
 * transactions, no retryable-write bookkeeping to keep. ({@code endSessions}, which a closing client
 * sends, mongo-java-server already answers.)</p>
 *
 * <p><b>Durability</b> (file only). Every command that changed data is committed to the file
 * before its reply is sent, so what the platform acknowledged survives the process being killed
 * ({@code kill -9}) a moment later; H2's own background commit (once a second) would lose up to a
 * second of acknowledged writes. The commit writes to the file but does not force it to the disk
 * (no fsync): a power cut can still lose the last writes, as with any page-cached file.</p>
 *
 * <p>mongo-java-server is an optional dependency of platform-kit: only the modules that run the
 * embedded server (bootstrapper, platform-testkit) put it on their class path.</p>
 */
public final class EmbeddedMongoBackend extends H2Backend {

    /** How long the server says an idle session lives; the driver only needs a value to be there. */
    static final int SESSION_TIMEOUT_MINUTES = 30;

    private final boolean commitEachWrite;

    private EmbeddedMongoBackend(String fileName) {
        super(fileName);
        this.commitEachWrite = fileName != null;
    }

    /** @return a backend keeping every database in this H2 file, committing each write before it is acknowledged */
    public static EmbeddedMongoBackend inFile(Path file) {
        return new EmbeddedMongoBackend(file.toString());
    }

    /** @return a backend keeping everything in memory, gone when it closes */
    public static EmbeddedMongoBackend inMemory() {
        return new EmbeddedMongoBackend(null);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply;
        try {
            reply = super.handleCommand(channel, database, command, query);
        } finally {
            if (commitEachWrite) {
                // Also after a failed command: a multi-document write may have changed some documents.
                commitIfChanged();
            }
        }
        if (isHandshake(command) && reply != null) {
            reply.put("logicalSessionTimeoutMinutes", SESSION_TIMEOUT_MINUTES);
        }
        return reply;
    }

    /**
     * The driver's handshake is the legacy {@code isMaster}: mongo-java-server answers no
     * {@code hello} and never offers {@code helloOk}, so the driver never switches to {@code hello}.
     * The command name is matched without regard to case, as mongo-java-server matches it.
     */
    private static boolean isHandshake(String command) {
        return command.equalsIgnoreCase("ismaster");
    }

    /** Concurrent writers share a commit: the first one commits every change made so far. */
    private void commitIfChanged() {
        if (getMvStore().hasUnsavedChanges()) {
            commit();
        }
    }
}
