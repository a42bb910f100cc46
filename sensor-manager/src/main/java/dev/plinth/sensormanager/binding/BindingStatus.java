package dev.plinth.sensormanager.binding;

/** Whether a requirement has all the devices it asks for. */
public enum BindingStatus {
    /** As many devices as asked are bound. */
    BOUND,
    /** Fewer devices match than asked; those that match are bound. */
    INSUFFICIENT
}
