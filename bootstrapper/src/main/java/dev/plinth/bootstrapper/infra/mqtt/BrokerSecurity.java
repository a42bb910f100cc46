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
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The embedded broker's extension: authenticates every connection ({@link BrokerCredentials}),
 * remembers who it is in the connection's attributes, and authorizes every publish and subscription
 * against {@link TopicRules}. Anything not allowed is refused: a CONNECT with
 * {@code NOT_AUTHORIZED}, a QoS 1 publish with a PUBACK saying {@code NOT_AUTHORIZED} (MQTT 3 clients
 * are disconnected), a subscription with a SUBACK saying {@code NOT_AUTHORIZED}.
 *
 * <p>Device credentials come from MongoDB, which starts after the broker: call
 * {@link #connectDevices} once it runs. Close it with the platform.</p>
 */
public final class BrokerSecurity implements EmbeddedExtension, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
    private static final String IDENTITY = "plinth.identity";
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);

    private final BrokerCredentials credentials;
    private final DeviceTokenLookup devices;

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
            }

            @Override
            public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                // Nothing to release: the device lookup closes with the platform.
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
                        attributes.putAsString(IDENTITY, verdict.identity().encode());
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

    /** Publishes and subscriptions, by the identity the connection was given. */
    private static final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            Optional<BrokerIdentity> who = identity(input.getConnectionInformation().getConnectionAttributeStore());
            String topic = input.getPublishPacket().getTopic();
            if (who.isPresent() && TopicRules.mayPublish(who.get(), topic)) {
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
