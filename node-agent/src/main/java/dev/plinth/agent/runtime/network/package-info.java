/**
 * A network namespace per instance (veth pair on a slot of the platform's range, nftables inside and
 * on the host), shared by the runtimes that isolate instances: the process runtime makes the
 * namespace, the docker runtime names a container's.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
package dev.plinth.agent.runtime.network;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
