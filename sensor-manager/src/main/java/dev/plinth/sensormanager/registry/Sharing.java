package dev.plinth.sensormanager.registry;

import dev.plinth.contracts.state.DeviceDocument;
import org.bson.Document;

import java.util.List;
import java.util.TreeSet;

/**
 * Who besides its owner may bind a device to their apps, as an admin set it: nobody (the default),
 * some developers by username, or everyone. Sharing never lets anyone see or change the device
 * itself; it only widens which apps may read it or command it.
 *
 * @param everyone every developer's apps may bind it
 * @param users    these developers' apps may bind it (sorted, no repeats; empty with {@code everyone})
 */
public record Sharing(boolean everyone, List<String> users) {

    /** Shared with nobody. */
    public static final Sharing NONE = new Sharing(false, List.of());
    /** Shared with every developer. */
    public static final Sharing EVERYONE = new Sharing(true, List.of());

    public Sharing {
        users = everyone || users == null ? List.of() : List.copyOf(new TreeSet<>(users));
    }

    /** @return shared with exactly these users */
    public static Sharing with(List<String> users) {
        return users.isEmpty() ? NONE : new Sharing(false, users);
    }

    /** @return whether apps of this user may bind a device of that owner shared like this */
    public boolean reaches(String owner, String user) {
        return user != null && (user.equals(owner) || everyone || users.contains(user));
    }

    /** @return the fields {@code sharedWith} and {@code sharedWithEveryone} of a device document, to {@code $set} */
    Document fields() {
        return DeviceDocument.sharingFields(users, everyone);
    }

    /** @return the sharing a device document holds; none when the fields are absent (devices registered before sharing) */
    static Sharing of(DeviceDocument device) {
        return device.sharedWithEveryone() ? EVERYONE : with(device.sharedWith());
    }
}
