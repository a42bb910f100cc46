package dev.plinth.sensormanager.binding;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The devices chosen for one requirement.
 *
 * @param devices the bound devices, by id
 * @param status  whether there are enough
 * @param reason  what is missing when there are not, for people; null when bound
 */
public record BindingDecision(List<String> devices, BindingStatus status, @Nullable String reason) {

    public BindingDecision {
        devices = List.copyOf(devices);
    }
}
