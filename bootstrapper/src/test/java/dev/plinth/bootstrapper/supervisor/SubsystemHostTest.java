package dev.plinth.bootstrapper.supervisor;

import dev.plinth.bootstrapper.infra.Ports;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host started again on its port waits for the previous run to let go of it. */
class SubsystemHostTest {

    @Test
    void aStartWaitsForThePortToBeReleased() throws Exception {
        int port = Ports.free();
        ServerSocket previousRun = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                previousRun.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        assertTrue(SubsystemHost.awaitPortFree(port, Duration.ofSeconds(30)), "the port was released after 300 ms");
        release.join();
        try (ServerSocket next = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(next.isBound());
        }
    }

    @Test
    void aPortThatStaysTakenIsReportedAfterTheTimeout() throws Exception {
        int port = Ports.free();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(SubsystemHost.awaitPortFree(port, Duration.ofMillis(200)));
        }
    }
}
