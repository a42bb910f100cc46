package dev.plinth.gateway.apps.websocket;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.gateway.apps.AppsTestBackends;
import dev.plinth.gateway.apps.endpoints.AppEndpoints;
import dev.plinth.gateway.apps.endpoints.Endpoint;
import dev.plinth.gateway.apps.endpoints.EndpointResync;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * WebSockets to apps end to end: a gateway context against an in-process Kafka broker and MongoDB
 * server, with real WebSocket servers on loopback as app instances.
 */
@MicronautTest(environments = {"plinth", "api-gateway"})
@org.junit.jupiter.api.TestInstance(Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketTunnelTest implements TestPropertyProvider {

    private AppsTestBackends backends;

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;
    @Inject
    AppEndpoints endpoints;
    @Inject
    EndpointResync resync;
    @Inject
    MongoClient mongoClient;

    @Override
    public Map<String, String> getProperties() {
        backends = new AppsTestBackends();
        return backends.gatewayProperties();
    }

    @AfterAll
    void stopEverything() throws Exception {
        backends.closeAfter(context);
    }

    private <T extends AutoCloseable> T started(T instance) {
        return backends.started(instance);
    }

    private MongoDatabase db() {
        return mongoClient.getDatabase("plinth");
    }

    @Test
    void aWebSocketUpgradeCarriesNoCredentialsAndItsRefusalNoChallenge() throws Exception {
        WebSocketEchoInstance echo = started(new WebSocketEchoInstance("wsc-1"));
        endpoints.healthy(echo.endpoint("wsc"));

        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2ln")
                .header("X-App-Key", "kept")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/apps/wsc/ws"), new Messages())
                .get(10, TimeUnit.SECONDS);
        assertEquals("kept", echo.handshakeHeaders.get("X-App-Key"));
        assertFalse(echo.handshakeHeaders.contains("Authorization"), "no token reaches the app: " + echo.handshakeHeaders.names());
        socket.abort();

        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Basic YWRtaW46Z3Vlc3M=")
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/apps/wsc/challenge"), new Messages())
                    .get(10, TimeUnit.SECONDS);
            fail("the instance refuses this upgrade");
        } catch (ExecutionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(401, refused.getResponse().statusCode());
            assertTrue(refused.getResponse().headers().firstValue("WWW-Authenticate").isEmpty(), refused.getResponse().headers().map().toString());
            assertTrue(refused.getResponse().headers().firstValue("Proxy-Authenticate").isEmpty());
        }
        assertFalse(echo.refusedHeaders.contains("Authorization"), echo.refusedHeaders.names().toString());
    }

    @Test
    void relaysAWebSocketToAHealthyInstance() throws Exception {
        WebSocketEchoInstance echo = started(new WebSocketEchoInstance("ws-2"));
        // Sorted first, so the first connection tries it, is refused, and moves on.
        endpoints.healthy(new Endpoint("ws-1-dead", "ws", "127.0.0.1", AppsTestBackends.closedPort()));
        endpoints.healthy(echo.endpoint("ws"));

        Messages messages = new Messages();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", "PLINTH_SESSION=secret-token; theme=dark")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/apps/ws/ws?room=7"), messages)
                .get(10, TimeUnit.SECONDS);
        assertEquals("/ws?room=7", echo.handshakeUri);
        assertEquals("/apps/ws", echo.handshakeHeaders.get("X-Forwarded-Prefix"));
        assertEquals("127.0.0.1", echo.handshakeHeaders.get("X-Forwarded-For"));
        assertEquals("theme=dark", echo.handshakeHeaders.get("Cookie"));

        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertEquals("hello from ws-2", messages.next());
        byte[] big = new byte[300 * 1024];
        new Random(7).nextBytes(big);
        socket.sendBinary(ByteBuffer.wrap(big), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(big, (byte[]) messages.next());
        socket.sendText("again", true).get(5, TimeUnit.SECONDS);
        assertEquals("again from ws-2", messages.next());

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertEquals("closed " + WebSocket.NORMAL_CLOSURE, messages.next());
        assertTrue(endpoints.isSuspect("ws-1-dead"));
    }

    @Test
    void refusesWebSocketsToAppsThatCannotTakeThem() throws Exception {
        WebSocketEchoInstance echo = started(new WebSocketEchoInstance("wsr-1"));
        endpoints.healthy(echo.endpoint("wsr"));
        db().getCollection(Collections.APPS).insertOne(new Document(AppDocument.ID, "ws-idle").append(AppDocument.OWNER, "dev"));
        resync.resync();

        assertEquals(404, handshakeStatus("/apps/no-such-app/ws"));
        assertEquals(503, handshakeStatus("/apps/ws-idle/ws"));
        // The instance itself answers 404 for a path without a WebSocket: the client gets its answer.
        assertEquals(404, handshakeStatus("/apps/wsr/elsewhere"));
    }

    private int handshakeStatus(String path) throws InterruptedException, TimeoutException {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + path), new Messages())
                    .get(10, TimeUnit.SECONDS);
            return fail("the handshake to " + path + " succeeded");
        } catch (ExecutionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            return refused.getResponse().statusCode();
        }
    }

    /** Collects what a WebSocket receives: whole text and binary messages, then its close. */
    private static final class Messages implements WebSocket.Listener {
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object message = received.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                fail("no message within 10 s");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add("closed " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(error);
        }
    }
}
