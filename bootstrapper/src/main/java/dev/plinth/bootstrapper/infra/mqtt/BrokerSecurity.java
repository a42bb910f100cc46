package dev.plinth.bootstrapper.infra.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker's extension: authenticates every connection ({@link BrokerCredentials}),
 * remembers who it is in the connection's attributes, and authorizes every publish and subscription
 * against {@link TopicRules}. Anything not allowed is refused: a CONNECT with
 * {@code NOT_AUTHORIZED}, a QoS 1 publish with a PUBACK saying {@code NOT_AUTHORIZED} (MQTT 3 clients
 * are disconnected), a subscription with a SUBACK saying {@code NOT_AUTHORIZED}. Devices and apps may
 * not publish retained messages (nothing of the platform uses them, and a retained reading or
 * command would reach whoever subscribes later).
 *
 * <p>Open device and app connections are checked again every {@link #REVIEW_EVERY}: a device that
 * was deleted or given a new token, and an app instance whose deployment stopped, is disconnected
 * ({@link OpenSessions}).</p>
 *
 * <p>Device credentials come from MongoDB, which starts after the broker: call
 * {@link #connectDevices} once it runs. Close it with the platform.</p>
 */
public final class BrokerSecurity implements EmbeddedExtension, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
    private static final String IDENTITY = "plinth.identity";
    private static final String CONNECTION = "plinth.connection";
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    /** How often open connections are checked against the records. */
    static final Duration REVIEW_EVERY = Duration.ofSeconds(2);

    private final BrokerCredentials credentials;
    private final DeviceTokenLookup devices;
    private final OpenSessions sessions = new OpenSessions();
    private volatile ScheduledFuture<?> review;
    private final FailureLog reviewFailures = new FailureLog(LOG,
            "cannot check open MQTT connections against the records now; they stay open",
            "open MQTT connections are checked against the records again");

    /**
     * @param jwtSecret the platform's token signing secret
     */
    public BrokerSecurity(String jwtSecret) {
        this.devices = new DeviceTokenLookup();
        this.credentials = new BrokerCredentials(jwtSecret, devices);
    }

    /**
     * Starts checking device tokens against this MongoDB.
     *
     * @param mongoUri the connection string
     * @param database the database holding {@code devices}
     */
    public void connectDevices(String mongoUri, String database) {
        devices.connect(mongoUri, database);
    }

    @Override
    public String getId() {
        return "plinth-broker-security";
    }

    @Override
    public String getName() {
        return "Plinth broker security";
    }

    @Override
    public String getVersion() {
        return "1";
    }

    @Override
    public String getAuthor() {
        return "Plinth";
    }

    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public int getStartPriority() {
        return 1000;
    }

    @Override
    public ExtensionMain getExtensionMain() {
        return new ExtensionMain() {
            @Override
            public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                Authenticator authenticator = new Authenticator();
                Authorizer authorizer = new Authorizer();
                Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
                Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
                Services.eventRegistry().setClientLifecycleEventListener(providerInput -> new Departures());
                review = Services.extensionExecutorService().scheduleWithFixedDelay(BrokerSecurity.this::reviewSessions,
                        REVIEW_EVERY.toMillis(), REVIEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                ScheduledFuture<?> r = review;
                if (r != null) {
                    r.cancel(false);
                }
            }
        };
    }

    /** Checks credentials off the broker's threads: a device's token may need a MongoDB read. */
    private final class Authenticator implements SimpleAuthenticator {

        @Override
        public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
            String clientId = input.getClientInformation().getClientId();
            String username = input.getConnectPacket().getUserName().orElse(null);
            String password = input.getConnectPacket().getPassword().map(BrokerSecurity::text).orElse(null);
            ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
            Async<SimpleAuthOutput> async = output.async(AUTH_TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_UNAVAILABLE,
                    "the credentials could not be checked in time; try again");
            Services.extensionExecutorService().submit(() -> {
                try {
                    BrokerCredentials.Verdict verdict = credentials.check(clientId, username, password);
                    if (verdict.accepted()) {
                        String connection = UUID.randomUUID().toString();
                        attributes.putAsString(IDENTITY, verdict.identity().encode());
                        attributes.putAsString(CONNECTION, connection);
                        sessions.opened(new OpenSessions.Session(clientId, verdict.identity(), verdict.credential(), connection));
                        output.authenticateSuccessfully();
                    } else {
                        LOG.debug("refused MQTT client {} ({}): {}", clientId, username, verdict.refusal());
                        output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, verdict.refusal());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("cannot check the credentials of MQTT client {}: {}", clientId, e.getMessage());
                    output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the credentials cannot be checked now; try again");
                } finally {
                    async.resume();
                }
            });
        }
    }

    /** Forgets connections that ended, so the review only looks at open ones. */
    private final class Departures implements ClientLifecycleEventListener {

        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {
            // Nothing to do before authentication.
        }

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
            // Tracked by the authenticator, which knows the credential.
        }

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            input.getConnectionInformation().getConnectionAttributeStore().getAsString(CONNECTION)
                    .ifPresent(connection -> sessions.closed(input.getClientInformation().getClientId(), connection));
        }
    }

    /** Closes the connections whose device or deployment is gone or changed. */
    void reviewSessions() {
        if (sessions.size() == 0) {
            return;
        }
        try {
            Map<String, String> hashes = devices.tokenHashes(sessions.devices());
            Map<String, String> deployments = devices.activeDeployments(sessions.deployments());
            for (OpenSessions.Revoked revoked : sessions.revoked(hashes, deployments)) {
                OpenSessions.Session s = revoked.session();
                LOG.info("disconnecting MQTT client {}: {}", s.clientId(), revoked.reason());
                sessions.closed(s.clientId(), s.connection());
                Services.clientService().disconnectClient(s.clientId(), false, DisconnectReasonCode.NOT_AUTHORIZED, revoked.reason());
            }
            reviewFailures.recovered();
        } catch (RuntimeException e) {
            // Keep the connections: an outage of MongoDB must not disconnect every device.
            reviewFailures.failed(e);
        }
    }

    /** Publishes and subscriptions, by the identity the connection was given. */
    private static final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            Optional<BrokerIdentity> who = identity(input.getConnectionInformation().getConnectionAttributeStore());
            String topic = input.getPublishPacket().getTopic();
            if (who.isPresent() && input.getPublishPacket().getRetain() && who.get().kind() != BrokerIdentity.Kind.SERVICE) {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "retained messages are not allowed; publish without retain");
            } else if (who.isPresent() && TopicRules.mayPublish(who.get(), topic)) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not allowed to publish on " + topic);
            }
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            Optional<BrokerIdentity> who = identity(input.getConnectionInformation().getConnectionAttributeStore());
            String filter = input.getSubscription().getTopicFilter();
            if (who.isPresent() && TopicRules.maySubscribe(who.get(), filter)) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not allowed to subscribe to " + filter);
            }
        }

        private static Optional<BrokerIdentity> identity(ConnectionAttributeStore attributes) {
            return attributes.getAsString(IDENTITY).flatMap(BrokerIdentity::decode);
        }
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Stops reading device tokens. */
    @Override
    public void close() {
        devices.close();
    }
}
