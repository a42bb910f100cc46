package dev.plinth.contracts.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A prepared launch of one instance.
 *
 * @param instanceId the instance
 * @param app        its app, for naming and logs
 * @param workDir    the unpacked package; the command runs here
 * @param command    the command and arguments (process runtime)
 * @param image      the container image (docker runtime), may be null
 * @param port       the port it must listen on (host side)
 * @param containerPort the port it listens on inside a container
 * @param env        its full environment, including {@code PORT} and {@code PLINTH_*}
 * @param cpu        cores it may use
 * @param memoryMb   memory it may use, in MiB
 * @param version    the app version, for labels and image tags; may be empty
 * @param deploymentId the deployment it belongs to, for labels; may be empty
 * @param artifactSha256 the package's sha256, naming what a package's Dockerfile builds; may be empty
 */
public record LaunchSpec(String instanceId, String app, Path workDir, List<String> command, String image,
                         int port, int containerPort, Map<String, String> env, double cpu, int memoryMb,
                         String version, String deploymentId, String artifactSha256) {

    public LaunchSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        version = version == null ? "" : version;
        deploymentId = deploymentId == null ? "" : deploymentId;
        artifactSha256 = artifactSha256 == null ? "" : artifactSha256;
    }

    /** A launch that names no version, deployment or package (the process runtime needs none). */
    public LaunchSpec(String instanceId, String app, Path workDir, List<String> command, String image,
                      int port, int containerPort, Map<String, String> env, double cpu, int memoryMb) {
        this(instanceId, app, workDir, command, image, port, containerPort, env, cpu, memoryMb, "", "", "");
    }
}
