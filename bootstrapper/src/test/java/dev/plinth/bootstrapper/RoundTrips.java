package dev.plinth.bootstrapper;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.ResultCode;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.testkit.tokens.TestTokens;
import dev.plinth.testkit.wait.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trips through each piece of infrastructure a platform runs on, whether embedded or
 * external: the same checks run against both.
 */
final class RoundTrips {

    private RoundTrips() {
    }

    /** A topic created, a record produced and consumed back, as the platform's admin user (on an external cluster: its one user). */
    static void kafka(InfrastructureEndpoints infra) throws Exception {
        String topic = "roundtrip-" + UUID.randomUUID();
        Map<String, Object> common = new java.util.HashMap<>(infra.kafkaLogins().of(KafkaUsers.ADMIN).clientProperties());
        common.put("bootstrap.servers", infra.kafkaBootstrap());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String value = "hello " + Instant.now();
        Map<String, Object> producerConfig = new java.util.HashMap<>(common);
        producerConfig.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new java.util.HashMap<>(common);
        consumerConfig.put("group.id", "roundtrip-" + UUID.randomUUID());
        consumerConfig.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            String received = Waits.until("the record produced to " + topic + " to come back", Duration.ofSeconds(30), () -> {
                String last = null;
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    last = record.value();
                }
                return last;
            }, () -> "nothing came");
            assertEquals(value, received, "the record produced to Kafka comes back");
        }
    }

    static void mongoInsert(InfrastructureEndpoints infra, String id, String text) {
        try (MongoClient client = MongoClients.create(infra.mongoUri())) {
            MongoCollection<Document> collection = client.getDatabase(infra.mongoDatabase()).getCollection("roundtrip");
            collection.insertOne(new Document("_id", id).append("text", text));
        }
    }

    static Optional<String> mongoFind(InfrastructureEndpoints infra, String id) {
        try (MongoClient client = MongoClients.create(infra.mongoUri())) {
            Document found = client.getDatabase(infra.mongoDatabase()).getCollection("roundtrip")
                    .find(new Document("_id", id)).first();
            return Optional.ofNullable(found).map(d -> d.getString("text"));
        }
    }

    static void ldapBind(InfrastructureEndpoints infra, String userDn, String password) throws Exception {
        URI url = URI.create(infra.ldapUrl());
        try (LDAPConnection connection = new LDAPConnection(url.getHost(), url.getPort())) {
            BindResult result = connection.bind(userDn, password);
            assertEquals(ResultCode.SUCCESS, result.getResultCode());
        }
    }

    /** An MQTT round trip on a broker that lets anyone in (an external Mosquitto in the tests). */
    static void mqtt(InfrastructureEndpoints infra) throws Exception {
        mqtt(infra, null);
    }

    /**
     * An MQTT round trip.
     *
     * @param jwtSecret the platform secret when the broker is the embedded one, which lets only known
     *                  clients in: the round trip then signs in as a platform service
     */
    static void mqtt(InfrastructureEndpoints infra, String jwtSecret) throws Exception {
        URI url = URI.create(infra.mqttUrl());
        Mqtt5BlockingClient subscriber = MqttClient.builder().useMqttVersion5().identifier("sub-" + UUID.randomUUID())
                .serverHost(url.getHost()).serverPort(url.getPort()).buildBlocking();
        Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("pub-" + UUID.randomUUID())
                .serverHost(url.getHost()).serverPort(url.getPort()).buildBlocking();
        if (jwtSecret == null) {
            subscriber.connect();
            publisher.connect();
        } else {
            byte[] password = serviceToken(jwtSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            subscriber.connectWith().simpleAuth().username("service:roundtrip").password(password).applySimpleAuth().send();
            publisher.connectWith().simpleAuth().username("service:roundtrip").password(password).applySimpleAuth().send();
        }
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            String topic = "roundtrip/" + UUID.randomUUID();
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("ping".getBytes()).send();
            Optional<Mqtt5Publish> received = publishes.receive(15, TimeUnit.SECONDS);
            assertTrue(received.isPresent(), "the MQTT message comes back");
            assertEquals("ping", new String(received.get().getPayloadAsBytes()));
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    /** @return a service token of {@code service:roundtrip}, signed as the platform signs them */
    private static String serviceToken(String jwtSecret) {
        return TestTokens.signedWith(jwtSecret).lasting(Duration.ofMinutes(5)).service("roundtrip");
    }
}
