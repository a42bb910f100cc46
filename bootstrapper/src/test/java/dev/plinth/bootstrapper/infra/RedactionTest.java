package dev.plinth.bootstrapper.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ' ', value = {
            "mongodb://127.0.0.1:27017 mongodb://127.0.0.1:27017",
            "mongodb://plinth:s3cret@db-1,db-2,db-3/plinth?replicaSet=rs0 mongodb://plinth:***@db-1,db-2,db-3/plinth?replicaSet=rs0",
            "mongodb+srv://plinth:s3cret@cluster.example.com/?authSource=admin mongodb+srv://plinth:***@cluster.example.com/?authSource=admin",
            "mongodb://plinth:p%40ss@db-1/ mongodb://plinth:***@db-1/",
            // An unescaped '@' or '/' in the password is invalid, and still never printed.
            "mongodb://plinth:p@ss@db-1/x mongodb://plinth:***@db-1/x",
            "mongodb://plinth:pa/ss@db-1/x mongodb://plinth:***@db-1/x",
            "mongodb://x509user@db-1/ mongodb://x509user@db-1/",
            "tcp://user:pw@mqtt.example.com:1883 tcp://user:***@mqtt.example.com:1883",
            "ldap://127.0.0.1:1389 ldap://127.0.0.1:1389",
            "not-a-url not-a-url"})
    void removesThePasswordOnly(String uri, String shown) {
        assertEquals(shown, Redaction.uri(uri));
    }

    @org.junit.jupiter.api.Test
    void whereTheInfrastructureIsIsLoggedWithoutPasswords() {
        InfrastructureEndpoints endpoints = new InfrastructureEndpoints("kafka-1:9092",
                dev.plinth.bootstrapper.infra.kafka.KafkaLogins.shared(dev.plinth.kit.kafka.KafkaCredentials.scram("plinth", "kafka-secret")),
                "mongodb://plinth:mongo-secret@db-1,db-2/?replicaSet=rs0", "plinth", "ldap://ldap:389", "cn=manager", "ldap-secret",
                LdapLayout.DEFAULT, "tcp://svc:mqtt-secret@mqtt:1883", java.nio.file.Path.of("/tmp/a"),
                java.util.Optional.of("DefaultEndpointsProtocol=https;AccountKey=azure-secret"), "c", java.util.Map.of());
        String logged = endpoints.toString();
        for (String secret : java.util.List.of("kafka-secret", "mongo-secret", "ldap-secret", "mqtt-secret", "azure-secret")) {
            org.junit.jupiter.api.Assertions.assertFalse(logged.contains(secret), secret + " in " + logged);
        }
        org.junit.jupiter.api.Assertions.assertTrue(logged.contains("mongodb://plinth:***@db-1,db-2/?replicaSet=rs0"), logged);
    }
}
