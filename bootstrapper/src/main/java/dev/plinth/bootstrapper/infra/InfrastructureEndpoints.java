package dev.plinth.bootstrapper.infra;

import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where each piece of infrastructure is, embedded or external.
 *
 * @param kafkaBootstrap        Kafka's bootstrap servers
 * @param kafkaLogins           how each part signs in to Kafka
 * @param mongoUri              MongoDB's connection string
 * @param mongoDatabase         the database Plinth uses
 * @param ldapUrl               the directory's URL
 * @param ldapManagerDn         the DN Plinth binds as
 * @param ldapManagerPassword   its password
 * @param ldapLayout            where people and groups are
 * @param mqttUrl               the MQTT broker's URL for platform clients
 * @param artifactsDirectory    the local artifact directory, when artifacts are kept locally
 * @param azureConnectionString the Azure Blob Storage connection string, when artifacts are kept there
 * @param azureContainer        the blob container
 * @param kinds                 for each piece, {@code embedded} or {@code external}
 */
public record InfrastructureEndpoints(
        String kafkaBootstrap,
        KafkaLogins kafkaLogins,
        String mongoUri,
        String mongoDatabase,
        String ldapUrl,
        String ldapManagerDn,
        String ldapManagerPassword,
        LdapLayout ldapLayout,
        String mqttUrl,
        Path artifactsDirectory,
        Optional<String> azureConnectionString,
        String azureContainer,
        Map<String, String> kinds) {

    /** Where everything is, with no password: the MongoDB and MQTT URLs lose their user information. */
    @Override
    public String toString() {
        return "InfrastructureEndpoints[kafka=" + kafkaBootstrap + ", mongo=" + Redaction.uri(mongoUri) + ", ldap=" + Redaction.uri(ldapUrl)
                + ", mqtt=" + Redaction.uri(mqttUrl) + ", kinds=" + kinds + "]";
    }
}
