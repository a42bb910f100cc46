package dev.plinth.agent.runtime.process;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.util.List;

/**
 * How the {@code process} runtime isolates instances. Whether it must is the node's {@code isolation}
 * in the inventory, not a setting here: with {@code required} (the default) a node that cannot
 * sandbox and limit instances takes none.
 *
 * @param bwrapPath      the bubblewrap binary
 * @param cgroupRoot     where cgroups are mounted: cgroup v2, or the cgroup v1 controllers' folders
 * @param runAsUid       the unprivileged user instances run as inside the sandbox
 * @param readOnlyPaths  extra host paths the sandbox shows read-only (a JDK outside /usr, say)
 */
@ConfigurationProperties("plinth.agent.process")
public record ProcessRuntimeSettings(
        @Bindable(defaultValue = "/usr/bin/bwrap") Path bwrapPath,
        @Bindable(defaultValue = "/sys/fs/cgroup") Path cgroupRoot,
        @Bindable(defaultValue = "65534") int runAsUid,
        @Bindable(defaultValue = "") List<String> readOnlyPaths) {
}
