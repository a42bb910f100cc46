package dev.plinth.gateway.subsystems;

import dev.plinth.kit.errors.ApiError;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.Optional;

/**
 * Forwards {@code /api/...} requests to the subsystem that owns the path, streaming bodies both
 * ways and keeping the caller's headers (the token included: every subsystem checks it again).
 * Runs after the gateway's own security check.
 */
@Filter("/api/**")
public class SubsystemProxyFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SubsystemProxyFilter.class);

    private final ProxyHttpClient client;
    private final SubsystemRoutes routes;

    public SubsystemProxyFilter(ProxyHttpClient client, SubsystemRoutes routes) {
        this.client = client;
        this.routes = routes;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<String> owner = SubsystemRoutes.ownerOf(request.getPath());
        if (owner.isEmpty()) {
            return chain.proceed(request);
        }
        Optional<URI> target = routes.urlOf(owner.get());
        if (target.isEmpty()) {
            return Publishers.just(unavailable(owner.get(), "no address is configured for it"));
        }
        URI base = target.get();
        return Flux.from(client.proxy(request.mutate().uri(b -> b
                        .scheme(base.getScheme())
                        .host(base.getHost())
                        .port(base.getPort()))))
                .onErrorResume(e -> {
                    LOG.warn("{} {} could not reach {} at {}: {}", request.getMethodName(), request.getPath(),
                            owner.get(), base, e.getMessage());
                    return Publishers.just(unavailable(owner.get(), "it does not answer"));
                });
    }

    private static MutableHttpResponse<?> unavailable(String subsystem, String why) {
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        return HttpResponse.status(status).body(new ApiError(status.getCode(), status.getReason(),
                "the " + subsystem + " subsystem is unavailable: " + why + "; try again shortly", null));
    }
}
