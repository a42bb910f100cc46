package dev.plinth.kit.http;

import dev.plinth.kit.errors.ApiError;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Caps request bodies per route on every connection of this context's HTTP server, before Micronaut
 * reads them ({@code micronaut.server.max-request-size} is one number for every route, and a JSON
 * route would buffer up to it). Only the upload route and, at the gateway, the app routes take large
 * bodies; see {@link BodyLimitRules} and {@link BodyLimitSettings}.
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
public class BodyLimits implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    static final String HANDLER = "plinth-body-limits";

    private final BodyLimitSettings settings;
    private final JsonMapper json;

    public BodyLimits(BodyLimitSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new AfterHttpCodec(HANDLER, () -> new BodyLimitHandler(settings, this::toJson)));
        return registry;
    }

    private byte[] toJson(ApiError error) {
        try {
            return json.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
