package dev.plinth.nodemanager.runtime.process;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.util.List;

/**
 * @param sandbox        {@code auto}: use bubblewrap when it works here, else run unsandboxed with a
 *                       warning; {@code required}: refuse to start instances without it; {@code off}
 * @param cgroupRoot     where cgroup v1 controllers are mounted
 * @param limits         {@code auto}: apply cgroup limits where the host allows, warning otherwise;
 *                       {@code off}
 * @param runAsUid       the unprivileged user instances run as inside the sandbox (when the agent is root)
 * @param readOnlyPaths  extra host paths the sandbox shows read-only (a JDK outside /usr, say)
 */
@ConfigurationProperties("plinth.agent.process")
public record ProcessRuntimeSettings(
        @Bindable(defaultValue = "auto") String sandbox,
        @Bindable(defaultValue = "/sys/fs/cgroup") Path cgroupRoot,
        @Bindable(defaultValue = "auto") String limits,
        @Bindable(defaultValue = "65534") int runAsUid,
        @Bindable(defaultValue = "") List<String> readOnlyPaths) {
}
