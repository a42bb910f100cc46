package dev.plinth.gateway.health;

import dev.plinth.gateway.subsystems.SubsystemRoutes;
import dev.plinth.kit.security.ServiceTokens;
import io.micronaut.core.type.Argument;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of every subsystem, asked of each over HTTP: the platform is up only when all are.
 * Each subsystem's own details (its Kafka and MongoDB links, the node list of node-manager) are
 * passed through.
 */
@Singleton
public class SubsystemsHealthIndicator implements HealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    private final SubsystemRoutes routes;
    private final HttpClient client;
    private final ServiceTokens tokens;

    public SubsystemsHealthIndicator(SubsystemRoutes routes, @Client HttpClient client, ServiceTokens tokens) {
        this.routes = routes;
        this.client = client;
        this.tokens = tokens;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        String token = tokens.issue();
        return Flux.fromIterable(routes.getRoutes().entrySet())
                .flatMapSequential(route -> ask(route.getKey(), route.getValue(), token))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .map(bySubsystem -> {
                    boolean allUp = bySubsystem.values().stream()
                            .allMatch(v -> "UP".equals(((Map<?, ?>) v).get("status")));
                    return HealthResult.builder("subsystems", allUp ? HealthStatus.UP : HealthStatus.DOWN)
                            .details(bySubsystem)
                            .build();
                });
    }

    private Mono<Map.Entry<String, Object>> ask(String name, URI base, String token) {
        HttpRequest<?> request = HttpRequest.GET(base.resolve("/health")).bearerAuth(token);
        return Mono.from(client.retrieve(request, MAP))
                .onErrorResume(HttpClientResponseException.class, e ->
                        Mono.justOrEmpty(e.getResponse().getBody(MAP)))
                .timeout(TIMEOUT)
                .map(body -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("status", String.valueOf(body.getOrDefault("status", "UNKNOWN")));
                    entry.put("url", base.toString());
                    if (body.get("details") != null) {
                        entry.put("details", body.get("details"));
                    }
                    return Map.<String, Object>entry(name, entry);
                })
                .onErrorResume(e -> Mono.just(Map.entry(name, Map.of(
                        "status", "DOWN", "url", base.toString(), "error", String.valueOf(e.getMessage())))))
                .defaultIfEmpty(Map.entry(name, Map.of("status", "DOWN", "url", base.toString(), "error", "no answer")));
    }
}
