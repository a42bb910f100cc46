package dev.plinth.bootstrapper.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A MongoDB wire-protocol server inside this JVM (mongo-java-server), keeping its data in one
 * H2 file under the data directory, listening on loopback only.
 *
 * <p>It has no transactions and no change streams; Plinth's code does not rely on either, so the
 * same code runs against a real MongoDB replica set by URI.</p>
 *
 * <p>Every command that changed data is committed to the file before its reply is sent, so what
 * the platform acknowledged survives the process being killed ({@code kill -9}) a moment later.
 * H2's own background commit (once a second) would lose up to a second of acknowledged writes.
 * The commit writes to the file but does not force it to the disk (no fsync): a power cut can
 * still lose the last writes, as with any page-cached file.</p>
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final Path file;
    private final int port;
    private MongoServer server;
    private H2Backend backend;

    /**
     * @param file the H2 file holding every database
     * @param port the port on 127.0.0.1
     */
    public EmbeddedMongo(Path file, int port) {
        this.file = file;
        this.port = port;
    }

    /** @return the connection string clients use */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(file.getParent());
        backend = new SessionAwareH2Backend(file.toString());
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        LOG.info("embedded MongoDB listens on {} with data in {}", uri(), file);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /**
     * The MongoDB driver only uses client sessions when the server's handshake announces
     * {@code logicalSessionTimeoutMinutes}, and Micronaut Data runs every operation in one.
     * mongo-java-server ignores sessions, which is harmless here (one server, no transactions),
     * so announce them and accept the session commands.
     */
    private static final class SessionAwareH2Backend extends H2Backend {

        private static final Set<String> HANDSHAKES = Set.of("hello", "ismaster", "isMaster");
        private static final Set<String> SESSION_COMMANDS = Set.of("endSessions", "startSession", "refreshSessions", "killSessions");

        SessionAwareH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (SESSION_COMMANDS.contains(command)) {
                Document ok = new Document();
                ok.put("ok", 1.0);
                return ok;
            }
            Document reply;
            try {
                reply = super.handleCommand(channel, database, command, query);
            } finally {
                // Also after a failed command: a multi-document write may have changed some documents.
                commitIfChanged();
            }
            if (HANDSHAKES.contains(command) && reply != null) {
                reply.put("logicalSessionTimeoutMinutes", 30);
            }
            return reply;
        }

        /** Concurrent writers share a commit: the first one commits every change made so far. */
        private void commitIfChanged() {
            if (getMvStore().hasUnsavedChanges()) {
                commit();
            }
        }
    }
}
