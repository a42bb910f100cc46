package dev.plinth.bootstrapper.secrets;

import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PlatformSecretsTest {

    @TempDir
    Path data;

    @Test
    void everyKafkaUserGetsItsOwnPasswordKeptOwnerOnlyAndStable() throws Exception {
        PlatformSecrets first = PlatformSecrets.loadOrCreate(data);
        assertEquals(new HashSet<>(KafkaUsers.allNames()), first.kafkaPasswords().keySet());
        assertEquals(KafkaUsers.allNames().size(), new HashSet<>(first.kafkaPasswords().values()).size(), "no two users share a password");
        first.kafkaPasswords().values().forEach(p -> assertEquals(32, p.length()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(PlatformSecrets.FILE_NAME))));
        PlatformSecrets again = PlatformSecrets.loadOrCreate(data);
        assertEquals(first.kafkaPasswords(), again.kafkaPasswords());
        assertEquals(first.jwtSecret(), again.jwtSecret());
        assertFalse(first.toString().contains(first.kafkaPasswords().get(KafkaUsers.ADMIN)));
    }
}
