package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.ExternalLdap;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.kit.kafka.KafkaCredentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code plinth up} needs to know, from its options and the environment. Each
 * external service is switched on by its URL variable; when unset, the embedded one starts.
 *
 * @param dataDir        where everything lives
 * @param gatewayPort    the port of the single HTTP entry
 * @param bindHost       the address the gateway and the MQTT broker listen on
 * @param inventoryFile  the node inventory
 * @param kafka          {@code KAFKA_BOOTSTRAP_SERVERS}, or empty for the embedded broker
 * @param mongoUri       {@code MONGODB_URI}, or empty for the embedded server
 * @param mongoDatabase  the database name
 * @param ldap           the external directory, or empty for the embedded one
 * @param mqttUrl        {@code MQTT_URL}, or empty for the embedded broker
 * @param azureConnectionString {@code AZURE_STORAGE_CONNECTION_STRING}, or empty for the local directory
 * @param azureContainer the blob container for artifacts
 * @param jwtSecret      {@code PLINTH_JWT_SECRET}, or empty to use the data directory's generated secret
 * @param kafkaPort      embedded Kafka's port, 0 to choose
 * @param mongoPort      embedded MongoDB's port, 0 to choose
 * @param ldapPort       embedded LDAP's port, 0 to choose
 * @param mqttPort       embedded MQTT's port
 * @param demo           {@code PLINTH_DEMO}: whether {@code plinth up} sets up and runs the speed-alert demo
 * @param kafkaCredentials how to sign in to an external Kafka ({@code PLINTH_KAFKA_USERNAME}…), or none;
 *                       the embedded broker has its own users
 */
public record PlatformSettings(
        Path dataDir,
        int gatewayPort,
        String bindHost,
        Path inventoryFile,
        Optional<String> kafka,
        Optional<String> mongoUri,
        String mongoDatabase,
        Optional<ExternalLdap> ldap,
        Optional<String> mqttUrl,
        Optional<String> azureConnectionString,
        String azureContainer,
        Optional<String> jwtSecret,
        int kafkaPort,
        int mongoPort,
        int ldapPort,
        int mqttPort,
        boolean demo,
        KafkaCredentials kafkaCredentials) {

    /** The default gateway port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default MQTT port devices connect to. */
    public static final int DEFAULT_MQTT_PORT = 1883;

    /**
     * Reads the settings from the environment.
     *
     * @param env the environment variables
     * @return the settings, with defaults where a variable is unset
     */
    public static PlatformSettings fromEnvironment(Map<String, String> env) {
        Optional<ExternalLdap> ldap = value(env, "LDAP_URL").map(url -> new ExternalLdap(url,
                value(env, "LDAP_BIND_DN").orElseThrow(() -> new IllegalArgumentException("LDAP_URL is set, so LDAP_BIND_DN must be too")),
                value(env, "LDAP_BIND_PASSWORD").orElseThrow(() -> new IllegalArgumentException("LDAP_URL is set, so LDAP_BIND_PASSWORD must be too")),
                new LdapLayout(
                        value(env, "LDAP_BASE_DN").orElse(LdapLayout.DEFAULT.baseDn()),
                        value(env, "LDAP_PEOPLE_DN").orElse(LdapLayout.DEFAULT.peopleDn()),
                        value(env, "LDAP_GROUPS_DN").orElse(LdapLayout.DEFAULT.groupsDn()),
                        value(env, "LDAP_ADMINS_GROUP").orElse(LdapLayout.DEFAULT.adminsCn()),
                        value(env, "LDAP_DEVELOPERS_GROUP").orElse(LdapLayout.DEFAULT.developersCn()),
                        value(env, "LDAP_DISABLED_GROUP").orElse(LdapLayout.DEFAULT.disabledCn()))));
        Path data = Path.of(value(env, "PLINTH_DATA").orElse("plinth-data"));
        return new PlatformSettings(
                data,
                intValue(env, "PLINTH_PORT", DEFAULT_PORT),
                value(env, "PLINTH_BIND").orElse("0.0.0.0"),
                value(env, "PLINTH_INVENTORY").map(Path::of).orElse(defaultInventory()),
                value(env, "KAFKA_BOOTSTRAP_SERVERS"),
                value(env, "MONGODB_URI"),
                value(env, "MONGODB_DATABASE").orElse("plinth"),
                ldap,
                value(env, "MQTT_URL"),
                value(env, "AZURE_STORAGE_CONNECTION_STRING"),
                value(env, "AZURE_STORAGE_CONTAINER").orElse("plinth-artifacts"),
                value(env, "PLINTH_JWT_SECRET"),
                intValue(env, "PLINTH_KAFKA_PORT", 0),
                intValue(env, "PLINTH_MONGO_PORT", 0),
                intValue(env, "PLINTH_LDAP_PORT", 0),
                intValue(env, "PLINTH_MQTT_PORT", DEFAULT_MQTT_PORT),
                booleanValue(env, "PLINTH_DEMO", true),
                KafkaCredentials.fromEnvironment(env));
    }

    /** @return the inventory in the working directory, or null to use the built-in default */
    private static Path defaultInventory() {
        Path local = Path.of("plinth-nodes.yaml");
        return Files.exists(local) ? local : null;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static boolean booleanValue(Map<String, String> env, String name, boolean fallback) {
        Optional<String> v = value(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + v.get() + "'");
        };
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        Optional<String> v = value(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(v.get());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number between 0 and 65535, not '" + v.get() + "'");
        }
    }

    public PlatformSettings withDataDir(Path dir) {
        return new PlatformSettings(dir, gatewayPort, bindHost, inventoryFile, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, mqttPort, demo, kafkaCredentials);
    }

    public PlatformSettings withGatewayPort(int port) {
        return new PlatformSettings(dataDir, port, bindHost, inventoryFile, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, mqttPort, demo, kafkaCredentials);
    }

    public PlatformSettings withInventory(Path file) {
        return new PlatformSettings(dataDir, gatewayPort, bindHost, file, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, mqttPort, demo, kafkaCredentials);
    }

    public PlatformSettings withMqttPort(int port) {
        return new PlatformSettings(dataDir, gatewayPort, bindHost, inventoryFile, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, port, demo, kafkaCredentials);
    }

    public PlatformSettings withDemo(boolean on) {
        return new PlatformSettings(dataDir, gatewayPort, bindHost, inventoryFile, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, mqttPort, on, kafkaCredentials);
    }

    public PlatformSettings withBindHost(String host) {
        return new PlatformSettings(dataDir, gatewayPort, host, inventoryFile, kafka, mongoUri, mongoDatabase, ldap, mqttUrl,
                azureConnectionString, azureContainer, jwtSecret, kafkaPort, mongoPort, ldapPort, mqttPort, demo, kafkaCredentials);
    }

}
