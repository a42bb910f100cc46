package dev.plinth.appcontroller.upload;

import java.util.Set;

/**
 * The sensor and controller types Plinth knows, so an upload that asks for a type nobody has
 * registered is refused with the list of types it could use. The sensor-manager registers types;
 * the app-controller only reads them.
 */
public interface DeviceTypeCatalog {

    /** @return the names of every registered sensor type, as {@code vehicle-speed} */
    Set<String> knownSensorTypes();

    /** @return the names of every registered controller type, as {@code buzzer} */
    Set<String> knownControllerTypes();
}
