package dev.plinth.nodemanager.api;

import dev.plinth.kit.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import dev.plinth.nodemanager.instances.InstanceStore;

import java.util.List;

/** The node console API, for admins only. */
@Controller("/api")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class NodeController {

    private static final int MAX_INSTANCES = 1000;

    private final NodeConsole console;
    private final InstanceStore instances;

    public NodeController(NodeConsole console, InstanceStore instances) {
        this.console = console;
        this.instances = instances;
    }

    /** @return every node with its state, capacity, load and instances */
    @Get("/nodes")
    public List<NodeDetails> nodes() {
        return console.nodes();
    }

    /** @return one node */
    @Get("/nodes/{name}")
    public NodeDetails node(String name) {
        return console.node(name);
    }

    /** Takes no new instances on the node; it keeps its own. */
    @Post("/nodes/{name}/cordon")
    public NodeDetails cordon(String name) {
        return console.cordon(name);
    }

    /** Opens the node for new instances again. */
    @Post("/nodes/{name}/uncordon")
    public NodeDetails uncordon(String name) {
        return console.uncordon(name);
    }

    /** Moves the node's instances elsewhere and takes no new ones. */
    @Post("/nodes/{name}/drain")
    public NodeDetails drain(String name) {
        return console.drain(name);
    }

    /** @return the platform's instances, or one app's, newest first (at most 1000) */
    @Get("/instances")
    public List<InstanceSummary> instances(@QueryValue @Nullable String app) {
        return instances.list(app, MAX_INSTANCES).stream().map(InstanceSummary::of).toList();
    }
}
