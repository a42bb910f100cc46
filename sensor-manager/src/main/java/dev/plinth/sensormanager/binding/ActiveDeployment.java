package dev.plinth.sensormanager.binding;

import java.util.List;

/**
 * An active deployment with the sensor and controller requirements of the version it runs.
 *
 * @param id           the deployment id
 * @param app          its app
 * @param owner        the app's owner: only devices within their reach are bound
 * @param version      the version it should run
 * @param requirements the version's requirements, sensors first
 */
public record ActiveDeployment(String id, String app, String owner, String version, List<Requirement> requirements) {

    public ActiveDeployment {
        requirements = List.copyOf(requirements);
    }
}
