package dev.plinth.gateway.apps.proxy;

import dev.plinth.gateway.apps.endpoints.Endpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An app instance for tests that can be killed: a plain HTTP/1.1 server on loopback, with keep-alive
 * connections, that answers every request with its id in {@code X-Instance} and in the body.
 *
 * <p>It writes the status line and headers, then the body, as two writes with a short pause around
 * each (as servers that flush their headers first do), so a kill lands before, between or after
 * them. {@link #kill()} ends every connection at once whatever it is doing, as the end of a killed
 * process does, and closes the port. With {@code answersPerConnection} it also closes a keep-alive
 * connection as the next request arrives on it, as an instance whose idle timer fired at that
 * moment does.</p>
 */
final class KillableInstance implements AutoCloseable {

    final String id;
    private final int answersPerConnection;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Requests read, answered in full, and read but never answered in full. */
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger cutOff = new AtomicInteger();
    private volatile boolean killed;
    private volatile boolean cutsOffPosts;

    /** An instance that keeps its connections open. */
    KillableInstance(String id) throws IOException {
        this(id, 0);
    }

    /**
     * @param answersPerConnection how many requests one connection is answered before the next one
     *                             that arrives on it gets the connection closed; 0 for no limit
     */
    KillableInstance(String id, int answersPerConnection) throws IOException {
        this.id = id;
        this.answersPerConnection = answersPerConnection;
        server = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** From now on every POST is read and its connection closed without an answer. */
    void cutOffPosts() {
        cutsOffPosts = true;
    }

    int port() {
        return server.getLocalPort();
    }

    Endpoint endpoint(String app) {
        return new Endpoint(id, app, "127.0.0.1", port());
    }

    private void accept() {
        while (!killed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                if (killed) {
                    reset(socket);
                    return;
                }
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        int answeredHere = 0;
        boolean midRequest = false;
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!killed) {
                String requestLine = readRequestHead(in);
                if (requestLine == null) {
                    return;
                }
                received.incrementAndGet();
                midRequest = true;
                if ((answersPerConnection > 0 && answeredHere == answersPerConnection)
                        || (cutsOffPosts && requestLine.startsWith("POST "))) {
                    // A plain close, as an idle timer's: the request is never answered.
                    cutOff.incrementAndGet();
                    return;
                }
                byte[] body = ("instance " + id).getBytes(StandardCharsets.US_ASCII);
                pause();
                out.write(("HTTP/1.1 200 OK\r\nX-Instance: " + id + "\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                pause();
                out.write(body);
                out.flush();
                midRequest = false;
                answeredHere++;
                answered.incrementAndGet();
            }
        } catch (IOException e) {
            if (midRequest) {
                cutOff.incrementAndGet();
            }
        } finally {
            connections.remove(socket);
        }
    }

    /** @return the request line, or null when the connection ended before a request; the request must have no body */
    private static String readRequestHead(InputStream in) throws IOException {
        StringBuilder requestLine = new StringBuilder();
        boolean firstLine = true;
        int lineLength = 0;
        boolean any = false;
        for (int c; (c = in.read()) >= 0; ) {
            any = true;
            if (c == '\n') {
                if (lineLength == 0) {
                    return requestLine.toString();
                }
                firstLine = false;
                lineLength = 0;
            } else if (c != '\r') {
                lineLength++;
                if (firstLine) {
                    requestLine.append((char) c);
                }
            }
        }
        if (any) {
            throw new IOException("the connection ended inside a request head");
        }
        return null;
    }

    private static void pause() {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 1_500_000));
    }

    /**
     * Ends the instance as a kill does: the port closes and every connection ends at once, reset
     * when {@code reset}, else closed.
     */
    void kill(boolean reset) {
        killed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            if (reset) {
                reset(socket);
            } else {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        kill(false);
        threads.shutdownNow();
    }
}
