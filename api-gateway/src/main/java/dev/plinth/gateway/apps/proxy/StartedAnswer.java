package dev.plinth.gateway.apps.proxy;

import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.netty.NettyHttpResponseBuilder;
import io.micronaut.http.netty.stream.DefaultStreamedHttpResponse;
import io.micronaut.http.netty.stream.StreamedHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.util.Optional;

/**
 * An instance's answer, handed on once the first bytes of its body arrived or its body ended.
 *
 * <p>The proxy client gives the answer as soon as the status line and headers arrive, and the
 * gateway's server sends nothing of it to the caller before the first body bytes, so waiting for
 * them costs no time. It turns an instance that closes the connection between the headers and the
 * body (it was killed, or it closed a pooled connection) into an attempt that failed before
 * answering, which the proxy may retry on another instance; otherwise the server would get the
 * error from the body and could only answer it with a 500.</p>
 *
 * <p>The answer is otherwise the client's own: headers, status and attributes are read and changed
 * on it, and the server streams the body from it the way it streams any proxied answer.</p>
 */
final class StartedAnswer implements MutableHttpResponse<Object>, NettyHttpResponseBuilder {

    private final MutableHttpResponse<?> answer;
    private final StreamedHttpResponse head;
    private final HeldBody body;

    private StartedAnswer(MutableHttpResponse<?> answer, StreamedHttpResponse head, HeldBody body) {
        this.answer = answer;
        this.head = head;
        this.body = body;
    }

    /**
     * @param answer an answer of the proxy client, its body not read yet
     * @return the answer once its body started or ended; the body's error if it failed before that
     */
    static Mono<MutableHttpResponse<?>> of(MutableHttpResponse<?> answer) {
        StreamedHttpResponse head = NettyHttpResponseBuilder.toStreamResponse(answer);
        return Mono.create(sink -> head.subscribe(new HeldBody(answer, head, sink)));
    }

    @Override
    public MutableHttpResponse<Object> cookie(Cookie cookie) {
        answer.cookie(cookie);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> MutableHttpResponse<T> body(T newBody) {
        answer.body(newBody);
        return (MutableHttpResponse<T>) this;
    }

    @Override
    public MutableHttpResponse<Object> status(int status, CharSequence message) {
        answer.status(status, message);
        return this;
    }

    @Override
    public int code() {
        return answer.code();
    }

    @Override
    public String reason() {
        return answer.reason();
    }

    @Override
    public MutableHttpHeaders getHeaders() {
        return answer.getHeaders();
    }

    @Override
    public MutableConvertibleValues<Object> getAttributes() {
        return answer.getAttributes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Object> getBody() {
        return (Optional<Object>) answer.getBody();
    }

    @Override
    public FullHttpResponse toFullHttpResponse() {
        throw new UnsupportedOperationException("a proxied answer is streamed");
    }

    @Override
    public StreamedHttpResponse toStreamHttpResponse() {
        // The client's headers object itself, so changes made through getHeaders() are sent.
        return new DefaultStreamedHttpResponse(head.protocolVersion(), head.status(), head.headers(), body);
    }

    @Override
    public io.netty.handler.codec.http.HttpResponse toHttpResponse() {
        return toStreamHttpResponse();
    }

    @Override
    public boolean isStream() {
        return true;
    }

    /**
     * Reads an answer's body up to its first chunk, then passes it on to one subscriber as it came,
     * that chunk first, with the subscriber's demand.
     */
    private static final class HeldBody implements Subscriber<HttpContent>, Publisher<HttpContent>, Subscription {

        private final MutableHttpResponse<?> answer;
        private final StreamedHttpResponse head;
        private final MonoSink<MutableHttpResponse<?>> started;

        // Guarded by this.
        private Subscription upstream;
        private HttpContent first;
        private boolean handedOn;
        private boolean ended;
        private Throwable failure;
        private Subscriber<? super HttpContent> downstream;
        private boolean cancelled;

        HeldBody(MutableHttpResponse<?> answer, StreamedHttpResponse head, MonoSink<MutableHttpResponse<?>> started) {
            this.answer = answer;
            this.head = head;
            this.started = started;
            // Nobody waits for the answer any more (the caller left): stop reading it.
            started.onCancel(() -> {
                boolean stop;
                synchronized (this) {
                    stop = !handedOn;
                }
                if (stop) {
                    cancel();
                }
            });
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            synchronized (this) {
                upstream = subscription;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(HttpContent content) {
            Subscriber<? super HttpContent> to;
            boolean hand;
            synchronized (this) {
                if (cancelled) {
                    ReferenceCountUtil.release(content);
                    return;
                }
                // Only one chunk is asked for until the subscriber took the first one.
                if (!handedOn) {
                    first = content;
                    handedOn = true;
                    hand = true;
                    to = null;
                } else {
                    hand = false;
                    to = downstream;
                }
            }
            if (hand) {
                started.success(new StartedAnswer(answer, head, this));
            } else {
                to.onNext(content);
            }
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }

        @Override
        public void onComplete() {
            end(null);
        }

        private void end(Throwable t) {
            boolean hand;
            Subscriber<? super HttpContent> to = null;
            synchronized (this) {
                hand = !handedOn;
                handedOn = true;
                if (first == null && downstream != null) {
                    to = downstream;
                } else {
                    ended = true;
                    failure = t;
                }
            }
            if (hand) {
                if (t != null) {
                    started.error(t);
                } else {
                    started.success(new StartedAnswer(answer, head, this));
                }
            } else if (to != null) {
                signalEnd(to, t);
            }
        }

        @Override
        public void subscribe(Subscriber<? super HttpContent> subscriber) {
            boolean endNow;
            Throwable t;
            synchronized (this) {
                if (downstream != null) {
                    subscriber.onSubscribe(this);
                    subscriber.onError(new IllegalStateException("the body of an answer is read once"));
                    return;
                }
                downstream = subscriber;
                endNow = first == null && ended;
                t = failure;
            }
            subscriber.onSubscribe(this);
            if (endNow) {
                signalEnd(subscriber, t);
            }
        }

        @Override
        public void request(long n) {
            HttpContent held;
            boolean endAfter;
            Throwable t;
            Subscription from;
            Subscriber<? super HttpContent> to;
            synchronized (this) {
                held = first;
                first = null;
                endAfter = held != null && ended;
                t = failure;
                from = upstream;
                to = downstream;
            }
            long more = n;
            if (held != null) {
                to.onNext(held);
                if (endAfter) {
                    signalEnd(to, t);
                    return;
                }
                more = n - 1;
            }
            if (more > 0) {
                from.request(more);
            }
        }

        @Override
        public void cancel() {
            HttpContent held;
            Subscription from;
            synchronized (this) {
                cancelled = true;
                held = first;
                first = null;
                from = upstream;
            }
            if (held != null) {
                ReferenceCountUtil.release(held);
            }
            if (from != null) {
                from.cancel();
            }
        }

        private static void signalEnd(Subscriber<? super HttpContent> to, Throwable t) {
            if (t != null) {
                to.onError(t);
            } else {
                to.onComplete();
            }
        }
    }
}
