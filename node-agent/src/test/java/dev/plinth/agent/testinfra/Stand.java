package dev.plinth.agent.testinfra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A listening socket that counts who connects: the service a contained instance must or must not reach. */
public final class Stand implements AutoCloseable {

    /** How many connections it accepted. */
    public final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocket socket;

    /** Listens at the address and accepts in a daemon thread until closed. */
    public Stand(InetSocketAddress at) throws IOException {
        socket = new ServerSocket();
        socket.bind(at);
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "stand-" + at);
        t.setDaemon(true);
        t.start();
    }

    /** @return the port it listens on */
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
