package dev.plinth.kit.health;

import dev.plinth.kit.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.security.authentication.Authentication;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.util.Collection;
import java.util.Map;

/**
 * Health details (links, addresses, counters, node names) only for admins and platform services:
 * anyone else, signed in or not, gets the status alone. Micronaut's own switch
 * ({@code endpoints.health.details-visible}) knows anonymous and authenticated only.
 */
@Filter({"/health", "/health/**"})
public class HealthDetailsFilter implements HttpServerFilter {

    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (mayReadDetails(request)) {
            return chain.proceed(request);
        }
        return Flux.from(chain.proceed(request)).map(HealthDetailsFilter::statusOnly);
    }

    static boolean mayReadDetails(HttpRequest<?> request) {
        Collection<String> roles = request.getUserPrincipal(Authentication.class).map(Authentication::getRoles).orElse(java.util.List.of());
        return roles.contains(Roles.ADMIN) || roles.contains(Roles.SERVICE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MutableHttpResponse<?> statusOnly(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (body instanceof HealthResult result) {
            ((MutableHttpResponse) response).body(Map.of("status", result.getStatus().getName()));
        } else if (body instanceof Map<?, ?> map && map.containsKey("details")) {
            ((MutableHttpResponse) response).body(Map.of("status", String.valueOf(map.get("status"))));
        }
        return response;
    }
}
