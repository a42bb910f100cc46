package dev.plinth.bootstrapper.infra;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An LDAP directory inside this JVM (UnboundID in-memory), on loopback only. On first start it is
 * seeded with the people and groups entries, the {@code admins} and {@code developers} groups and
 * one admin; every change is saved to an LDIF file in the data directory before it is acknowledged
 * (so a registration answered 201 survives the process being killed a moment later), and the next
 * start loads that file.
 * Passwords are stored salted and hashed (SSHA-256).
 *
 * <p>Only Plinth itself, bound as {@link #MANAGER_DN}, may read or change it: every connection goes
 * through a {@link DirectoryGuard} that refuses anonymous binds, every operation before a bind, and
 * every read or write by anyone else. People bind as themselves only to prove their password.</p>
 */
public final class EmbeddedLdap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLdap.class);

    /** The DN Plinth binds as to manage users. */
    public static final String MANAGER_DN = "cn=manager,dc=plinth,dc=local";

    private final Path ldif;
    private final int port;
    private final LdapLayout layout;
    private final String managerPassword;
    private final String adminUser;
    private final String adminPassword;
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ldap-saver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean savePending = new AtomicBoolean();
    private InMemoryRequestHandler directory;
    private LDAPListener listener;

    /**
     * @param ldif            the file the directory is saved to and loaded from
     * @param port            the port on 127.0.0.1
     * @param layout          where people and groups live
     * @param managerPassword the password of {@link #MANAGER_DN}
     * @param adminUser       the uid of the admin seeded on first start
     * @param adminPassword   that admin's first password
     */
    public EmbeddedLdap(Path ldif, int port, LdapLayout layout, String managerPassword, String adminUser, String adminPassword) {
        this.ldif = ldif;
        this.port = port;
        this.layout = layout;
        this.managerPassword = managerPassword;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** @return the URL clients use */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public synchronized void start() throws LDAPException, IOException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(layout.baseDn());
        config.addAdditionalBindCredentials(MANAGER_DN, managerPassword);
        // A second lock behind the guard: the directory itself answers nothing but a bind to an unbound connection.
        config.setAuthenticationRequiredOperationTypes(EnumSet.complementOf(EnumSet.of(OperationType.BIND,
                OperationType.UNBIND, OperationType.ABANDON)));
        try {
            config.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA256}",
                    Base64PasswordEncoderOutputFormatter.getInstance(), MessageDigest.getInstance("SHA-256"), 8, true, true));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        config.setEnforceAttributeSyntaxCompliance(true);
        directory = new InMemoryRequestHandler(config);
        if (Files.exists(ldif)) {
            int entries;
            try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
                entries = directory.importFromLDIF(true, reader);
            }
            LOG.info("embedded LDAP loaded {} entries from {}", entries, ldif);
        } else {
            seed();
            saveNow();
            LOG.info("embedded LDAP seeded with groups {} and {} and admin '{}'", layout.adminsCn(), layout.developersCn(), adminUser);
        }
        LDAPListenerConfig listening = new LDAPListenerConfig(port, new DirectoryGuard(directory, new DN(MANAGER_DN), this::saveAfterChange));
        listening.setListenAddress(InetAddress.getLoopbackAddress());
        listener = new LDAPListener(listening);
        listener.startListening();
        LOG.info("embedded LDAP listens on {}; only the manager may read or change it", url());
    }

    private void seed() throws LDAPException {
        String base = layout.baseDn();
        String dc = base.substring(3, base.indexOf(','));
        add(new Entry(base, attr("objectClass", "top", "domain"), attr("dc", dc)));
        add(new Entry(layout.peopleDn(), attr("objectClass", "top", "organizationalUnit"), attr("ou", "people")));
        add(new Entry(layout.groupsDn(), attr("objectClass", "top", "organizationalUnit"), attr("ou", "groups")));
        String adminDn = layout.userDn(adminUser);
        add(new Entry(adminDn,
                attr("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                attr("uid", adminUser), attr("cn", "Platform admin"), attr("sn", "Admin"),
                attr("userPassword", adminPassword)));
        // groupOfUniqueNames must have a member; the first admin is a developer too, so both exist from the start.
        add(new Entry(layout.adminsDn(), attr("objectClass", "top", "groupOfUniqueNames"),
                attr("cn", layout.adminsCn()), attr("uniqueMember", adminDn)));
        add(new Entry(layout.developersDn(), attr("objectClass", "top", "groupOfUniqueNames"),
                attr("cn", layout.developersCn()), attr("uniqueMember", adminDn)));
    }

    /** Adds as a client's add would, so the password encoder hashes userPassword. */
    private void add(Entry entry) throws LDAPException {
        directory.add(new com.unboundid.ldap.sdk.AddRequest(entry));
    }

    private static com.unboundid.ldap.sdk.Attribute attr(String name, String... values) {
        return new com.unboundid.ldap.sdk.Attribute(name, values);
    }

    /**
     * Saves before the result of a change goes back. The directory is small and changes rarely
     * (registration is rate-limited), so a full export per change is cheap.
     */
    private void saveAfterChange() {
        try {
            saveNow();
        } catch (IOException | LDAPException e) {
            // The change is made but not saved: say so, and retry shortly rather than fail the caller.
            LOG.error("cannot save the directory to {}: {}; retrying", ldif, e.getMessage());
            scheduleSave();
        }
    }

    /** Saves soon; requests in a burst are saved once. */
    private void scheduleSave() {
        if (savePending.compareAndSet(false, true)) {
            saver.schedule(() -> {
                savePending.set(false);
                try {
                    saveNow();
                } catch (IOException | LDAPException e) {
                    LOG.error("cannot save the directory to {}: {}", ldif, e.getMessage());
                }
            }, 50, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void saveNow() throws IOException, LDAPException {
        if (directory == null) {
            return;
        }
        Files.createDirectories(ldif.getParent());
        Path tmp = ldif.resolveSibling(ldif.getFileName() + ".tmp");
        // Owner-only before a byte is written: the file holds password hashes.
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        FilePermissions.ownerOnly(tmp);
        directory.exportToLDIF(new LDIFWriter(tmp.toFile()), false, true, true);
        try {
            Files.move(tmp, ldif, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, ldif, StandardCopyOption.REPLACE_EXISTING);
        }
        FilePermissions.ownerOnly(ldif);
    }

    /**
     * Stops listening, then saves the final state. The lock is not held while the listener stops: a
     * connection still saving its change needs it, and stopping waits for the connections.
     */
    @Override
    public void close() {
        LDAPListener stopping;
        synchronized (this) {
            if (directory == null) {
                return;
            }
            stopping = listener;
            listener = null;
        }
        saver.shutdownNow();
        if (stopping != null) {
            stopping.shutDown(true);
        }
        synchronized (this) {
            try {
                saveNow();
            } catch (IOException | LDAPException e) {
                LOG.error("cannot save the directory to {}: {}", ldif, e.getMessage());
            }
            directory = null;
        }
    }
}
