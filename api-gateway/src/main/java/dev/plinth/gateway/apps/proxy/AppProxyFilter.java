package dev.plinth.gateway.apps.proxy;

import dev.plinth.gateway.apps.endpoints.AppEndpoints;
import dev.plinth.gateway.apps.endpoints.Endpoint;

import dev.plinth.kit.errors.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proxies {@code /apps/{name}/**} to a healthy instance of the app, streaming bodies both ways.
 *
 * <p>The app sees the path without {@code /apps/{name}} ({@code /} for {@code /apps/{name}/})
 * and learns the original with {@code X-Forwarded-Prefix}, {@code -For}, {@code -Proto} and
 * {@code -Host}. Instances are tried in the order {@link AppEndpoints#route} gives; one that refuses
 * the connection is marked suspect and the next is tried, each at most once: a refused connection
 * never reached the instance, so any request may go elsewhere.</p>
 *
 * <p>A connection that closes or resets before the first byte of the answer's body arrives (the
 * instance was killed mid-request, or it had closed the pooled keep-alive connection while idle) is
 * retried the same way for GET, HEAD and OPTIONS without a body, the only requests that are safe to
 * send twice; nothing has reached the caller yet (see {@link StartedAnswer}). When that instance was
 * the last to try, it is tried again, up to {@value #LAST_INSTANCE_RETRIES} times: a stale pooled
 * connection says nothing about the instance, the closed one has left the pool, and an instance
 * that is gone refuses the next connection. Other requests get a 502 then: they may have reached
 * the instance. WebSocket upgrades never reach this filter: see
 * {@link dev.plinth.gateway.apps.websocket.WebSocketTunnels}.</p>
 */
@Filter("/apps/**")
public class AppProxyFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AppProxyFilter.class);
    private static final Set<HttpMethod> REPEATABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** Enough for the few pooled connections an instance may have closed at once. */
    static final int LAST_INSTANCE_RETRIES = 3;

    private final ProxyHttpClient client;
    private final AppEndpoints endpoints;
    private final AppProxyMetrics metrics;
    private final ProxyMeters meters;

    public AppProxyFilter(@Client(id = "plinth-apps") ProxyHttpClient client, AppEndpoints endpoints, AppProxyMetrics metrics,
                          @Nullable ProxyMeters meters) {
        this.client = client;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long start = System.nanoTime();
        URI uri = request.getUri();
        AppPath path = AppPath.parse(uri.getRawPath());
        if (path == null) {
            return chain.proceed(request);
        }
        if (path.needsSlash()) {
            String location = path.prefix() + "/" + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return Publishers.just(HttpResponse.status(HttpStatus.PERMANENT_REDIRECT).header(HttpHeaders.LOCATION, location));
        }
        String app = path.app();
        if (!path.validName()) {
            return Publishers.just(error(AppErrors.unknownApp(app)));
        }
        AppEndpoints.Route route = endpoints.route(app);
        if (route.verdict() != AppEndpoints.Verdict.ROUTABLE) {
            if (route.verdict() == AppEndpoints.Verdict.NO_HEALTHY_INSTANCE) {
                metrics.request(app);
                metrics.failure(app);
                return timed(app, start, Flux.just(error(AppErrors.of(route.verdict(), app))));
            }
            return Publishers.just(error(AppErrors.of(route.verdict(), app)));
        }
        metrics.request(app);
        Forwarding forwarding;
        try {
            forwarding = Forwarding.of(request, path);
        } catch (IllegalArgumentException e) {
            return Publishers.just(error(AppErrors.badPath(app)));
        }
        return timed(app, start, attempt(request, forwarding, route.candidates(), 0, 0));
    }

    /** Records the answer's latency and status in the proxy's meters, when metrics are on. */
    private Flux<MutableHttpResponse<?>> timed(String app, long start, Flux<MutableHttpResponse<?>> answer) {
        return meters == null ? answer : answer.doOnNext(response -> meters.answered(app, response.code(), System.nanoTime() - start));
    }

    /**
     * Sends the request to {@code candidates.get(index)}, and on to the next ones while the rules above allow.
     *
     * @param repeats how often the last candidate was tried again after it closed a connection
     */
    private Flux<MutableHttpResponse<?>> attempt(HttpRequest<?> request, Forwarding forwarding, List<Endpoint> candidates,
                                                 int index, int repeats) {
        Endpoint endpoint = candidates.get(index);
        String app = endpoint.app();
        // A retry of a request without a body starts from a fresh request: the first attempt has
        // claimed the original's (empty) body.
        boolean retry = index > 0 || repeats > 0;
        MutableHttpRequest<?> base = retry && forwarding.repeatable() ? withoutBody(request) : request.mutate();
        MutableHttpRequest<?> outgoing = forwarding.apply(base, endpoint);
        return Flux.from(client.proxy(outgoing)).concatMap(StartedAnswer::of).<MutableHttpResponse<?>>map(response -> {
            if (response.getStatus().getCode() >= 500) {
                metrics.serverError(app);
            }
            return cleanResponse(response);
        }).onErrorResume(e -> {
            boolean refused = causedBy(e, ConnectException.class);
            boolean closed = !refused && forwarding.repeatable() && closedBeforeAnswer(e);
            if (refused || closed) {
                if (endpoints.markSuspect(endpoint.instanceId())) {
                    LOG.warn("instance {} of app {} at {} {}; trying it last for a while", endpoint.instanceId(), app,
                            endpoint.authority(), refused ? "refuses connections" : "closed the connection before answering");
                }
                if (index + 1 < candidates.size()) {
                    return attempt(request, forwarding, candidates, index + 1, 0);
                }
                if (closed && repeats < LAST_INSTANCE_RETRIES) {
                    return attempt(request, forwarding, candidates, index, repeats + 1);
                }
                metrics.failure(app);
                return Publishers.just(error(AppErrors.noInstanceAccepts(app)));
            }
            metrics.failure(app);
            if (causedBy(e, ReadTimeoutException.class)) {
                return Publishers.just(error(AppErrors.timeout(app)));
            }
            LOG.info("{} {} to instance {} of app {} failed: {}", request.getMethodName(), forwarding.target(),
                    endpoint.instanceId(), app, e.toString());
            return Publishers.just(error(AppErrors.broken(app, "broke the connection before it answered")));
        });
    }

    private static MutableHttpRequest<?> withoutBody(HttpRequest<?> request) {
        MutableHttpRequest<?> copy = HttpRequest.create(request.getMethod(), request.getUri().toString());
        request.getHeaders().forEach((name, values) -> values.forEach(v -> copy.getHeaders().add(name, v)));
        return copy;
    }

    /** Micronaut's own "closed before response", or Netty's reset and closed-channel errors (IOExceptions). */
    private static boolean closedBeforeAnswer(Throwable e) {
        return causedBy(e, ResponseClosedException.class) || causedBy(e, IOException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Apps are served on the platform's own origin. This policy makes the browser treat every app
     * page as an origin of its own (scripts and forms still work), so an app's scripts cannot use a
     * signed-in user's session against {@code /api}. It is added to any policy the app sets.
     */
    static final String ISOLATION_POLICY = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";

    private static MutableHttpResponse<?> cleanResponse(MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.add("Content-Security-Policy", ISOLATION_POLICY);
        headers.remove(HttpHeaders.CONNECTION);
        headers.remove("Keep-Alive");
        new ArrayList<>(headers.names()).stream().filter(ForwardedHeaders::isChallenge).forEach(headers::remove);
        List<String> cookies = headers.getAll(HttpHeaders.SET_COOKIE);
        if (cookies.stream().anyMatch(ForwardedHeaders::setsPlatformCookie)) {
            List<String> kept = cookies.stream().filter(c -> !ForwardedHeaders.setsPlatformCookie(c)).toList();
            headers.remove(HttpHeaders.SET_COOKIE);
            kept.forEach(c -> headers.add(HttpHeaders.SET_COOKIE, c));
        }
        return response;
    }

    private static MutableHttpResponse<?> error(ApiError error) {
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(HttpStatus.valueOf(error.status())).body(error);
        if (error.status() == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response;
    }

    /**
     * What to change in the request for any instance, computed once from the request as it arrived.
     *
     * @param target     the path and query the app sees
     * @param remove     lower-case names of headers not to forward
     * @param set        headers to set
     * @param cookie     the Cookie header without the platform's cookies, or null for none
     * @param repeatable whether the request may be sent to a second instance after a reset
     */
    private record Forwarding(String target, Set<String> remove, Map<String, String> set, String cookie, boolean repeatable) {

        static Forwarding of(HttpRequest<?> request, AppPath path) {
            HttpHeaders headers = request.getHeaders();
            String target = path.target(request.getUri().getRawQuery());
            // Checked once here, so a path the URI class refuses is the client's 400, not an error per attempt.
            URI.create("http://127.0.0.1" + target);
            Map<String, String> set = ForwardedHeaders.forwarded(headers.getAll(ForwardedHeaders.X_FORWARDED_FOR),
                    request.getRemoteAddress(), request.isSecure(), headers.get(HttpHeaders.HOST), path.prefix());
            boolean noBody = headers.get(HttpHeaders.TRANSFER_ENCODING) == null
                    && headers.contentLength().orElse(0L) == 0L;
            return new Forwarding(target, ForwardedHeaders.notForwarded(headers.getAll(HttpHeaders.CONNECTION)), set,
                    ForwardedHeaders.withoutPlatformCookies(headers.getAll(HttpHeaders.COOKIE)),
                    noBody && REPEATABLE.contains(request.getMethod()));
        }

        MutableHttpRequest<?> apply(MutableHttpRequest<?> request, Endpoint endpoint) {
            MutableHttpHeaders headers = request.getHeaders();
            List<String> names = new ArrayList<>(headers.names());
            for (String name : names) {
                if (remove.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.remove(name);
                }
            }
            headers.remove(HttpHeaders.COOKIE);
            if (cookie != null) {
                headers.set(HttpHeaders.COOKIE, cookie);
            }
            set.forEach(headers::set);
            return request.uri(URI.create("http://" + endpoint.authority() + target));
        }
    }
}
