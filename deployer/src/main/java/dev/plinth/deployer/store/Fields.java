package dev.plinth.deployer.store;

/**
 * The deployer's reading of stored text as its own states. The documents themselves are read
 * through the contracts types ({@code DeploymentDocument}, {@code InstanceDocument}), which keep
 * {@code status}, {@code desired} and {@code state} as text.
 */
final class Fields {

    private Fields() {
    }

    /** @return the value's constant, or the fallback for a missing or unknown one */
    static <E extends Enum<E>> E enumOf(String value, Class<E> type, E fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
