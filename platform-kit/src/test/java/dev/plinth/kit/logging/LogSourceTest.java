package dev.plinth.kit.logging;

import dev.plinth.contracts.events.LogRecord.SourceKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogSourceTest {

    @ParameterizedTest(name = "{0} (node {1}) -> {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "dev.plinth.appcontroller.upload.PackageInspector, -,      SUBSYSTEM, app-controller, -",
            "dev.plinth.deployer.Reconciler,                   -,      SUBSYSTEM, deployer,       -",
            "dev.plinth.deployer,                              -,      SUBSYSTEM, deployer,       -",
            "dev.plinth.deployerx.Thing,                       -,      SUBSYSTEM, platform,       -",
            "dev.plinth.nodemanager.registry.NodeRegistry,     -,      SUBSYSTEM, node-manager,   -",
            "dev.plinth.nodemanager.placement.PlacementPlanner, -,     SUBSYSTEM, node-manager,   -",
            "dev.plinth.agent.AgentNode,           node-2, AGENT,     node-2,         node-2",
            "dev.plinth.agent.AgentNode,           -,      AGENT,     agent,          -",
            "dev.plinth.agent.runtime.process.ProcessRuntime, node-1, AGENT, node-1,        node-1",
            "dev.plinth.agents.Other,                          node-1, SUBSYSTEM, platform,       -",
            "dev.plinth.sensormanager.ingest.Readings,         -,      SUBSYSTEM, sensor-manager, -",
            "dev.plinth.monitor.Alerts,                        -,      SUBSYSTEM, monitor,        -",
            "dev.plinth.logger.ingest.LogIngestListener,       -,      SUBSYSTEM, logger,         -",
            "dev.plinth.gateway.auth.AuthController,           -,      SUBSYSTEM, api-gateway,    -",
            "dev.plinth.bootstrapper.Platform,                 -,      SUBSYSTEM, bootstrapper,   -",
            "dev.plinth.kit.heartbeat.HeartbeatPublisher,      -,      SUBSYSTEM, platform,       -",
            "io.micronaut.http.server.RouteExecutor,           node-1, SUBSYSTEM, platform,       -",
            "ROOT,                                             -,      SUBSYSTEM, platform,       -",
    })
    void namesTheSourceAfterTheLoggersPackage(String logger, String node, SourceKind kind, String name, String nodeId) {
        Map<String, String> mdc = new HashMap<>();
        if (node != null) {
            mdc.put(LogSource.NODE_MDC_KEY, node);
        }

        assertEquals(new LogSource(kind, name, nodeId), LogSource.of(logger, mdc));
    }
}
