package dev.plinth.bootstrapper.secrets;

import dev.plinth.bootstrapper.infra.FilePermissions;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The platform's secrets: the token signing secret, the directory manager's password, the
 * first admin's password and the embedded Kafka broker's passwords, one per Kafka user. Generated at the first start and kept in {@code secrets.properties}
 * in the data directory, readable by its owner only; never in source or configuration files.
 *
 * @param jwtSecret           signs and checks every token (HS256), 64 random bytes in base64
 * @param ldapManagerPassword the embedded directory's manager password
 * @param adminPassword       the first admin's password, as generated
 * @param kafkaPasswords      the embedded Kafka broker's password of each user of {@link KafkaUsers}
 */
public record PlatformSecrets(String jwtSecret, String ldapManagerPassword, String adminPassword, Map<String, String> kafkaPasswords) {

    public PlatformSecrets {
        kafkaPasswords = Map.copyOf(kafkaPasswords);
    }

    /** The file, relative to the data directory. */
    public static final String FILE_NAME = "secrets.properties";
    private static final String KAFKA_PREFIX = "kafka.password.";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /**
     * Loads the secrets of a data directory, generating and saving any that are missing.
     *
     * @param dataDir the data directory
     * @return the secrets
     * @throws IOException when the file cannot be read or written
     */
    public static PlatformSecrets loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
        }
        boolean changed = false;
        changed |= putIfAbsent(props, "jwt.secret", () -> randomBase64(64));
        changed |= putIfAbsent(props, "ldap.manager.password", () -> password(24));
        changed |= putIfAbsent(props, "admin.password", () -> password(16));
        // Added by a later version: a data directory from before gets them at its next start.
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String user : KafkaUsers.allNames()) {
            changed |= putIfAbsent(props, KAFKA_PREFIX + user, () -> password(32));
            kafka.put(user, props.getProperty(KAFKA_PREFIX + user));
        }
        if (changed) {
            Files.createDirectories(dataDir);
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            // Owner-only before a secret is written into it.
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            FilePermissions.ownerOnly(tmp);
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "Plinth secrets, generated at first start. Keep this file private.");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new PlatformSecrets(props.getProperty("jwt.secret"), props.getProperty("ldap.manager.password"),
                props.getProperty("admin.password"), kafka);
    }

    private static boolean putIfAbsent(Properties props, String key, java.util.function.Supplier<String> value) {
        if (props.getProperty(key) == null || props.getProperty(key).isBlank()) {
            props.setProperty(key, value.get());
            return true;
        }
        return false;
    }

    /** @return {@code bytes} random bytes in base64 */
    public static String randomBase64(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getEncoder().encodeToString(buffer);
    }

    /** @return a random password of unambiguous letters and digits */
    public static String password(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }

    /** Hides the secrets from logs and exception messages. */
    @Override
    public String toString() {
        return "PlatformSecrets[hidden]";
    }
}
