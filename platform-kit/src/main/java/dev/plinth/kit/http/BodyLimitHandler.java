package dev.plinth.kit.http;

import dev.plinth.kit.errors.ApiError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Holds one connection's requests to their route's body limit, between the HTTP/1.1 codec and
 * Micronaut, so an oversized body is refused before anything reads it.
 *
 * <ul>
 *   <li>A {@code Content-Length} over the limit: 413 at once, the body is never read.</li>
 *   <li>A chunked body to a route that parses it whole (JSON APIs): held back here, at most the
 *   limit, and passed on only once complete; past the limit, 413.</li>
 *   <li>A chunked body to a route that streams it (the upload, apps): passed on as it comes and
 *   counted; past the limit the connection is closed (the answer has started elsewhere).</li>
 *   <li>A compressed body ({@code Content-Encoding}) where the server would inflate it: 415.</li>
 * </ul>
 * After a refusal the rest of the body is discarded for a moment (so the client can read the
 * answer), then the connection is closed. One instance per connection; everything runs on its
 * event loop.
 */
final class BodyLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimitHandler.class);
    /** After a refusal, how much of the refused body is read and discarded before closing. */
    static final long DRAIN_BYTES = 1L << 20;
    /** After a refusal, how long the client gets to read the answer before the connection closes. */
    static final long DRAIN_MILLIS = 2000;

    private enum State { BETWEEN_REQUESTS, PASSING, HOLDING, DRAINING }

    private final BodyLimitSettings limits;
    private final Function<ApiError, byte[]> json;

    private State state = State.BETWEEN_REQUESTS;
    private BodyLimitRules.RouteLimit limit;
    private String request;
    private long bodyBytes;
    private final List<Object> held = new ArrayList<>();
    private long drained;

    BodyLimitHandler(BodyLimitSettings limits, Function<ApiError, byte[]> json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DRAINING) {
            drain(ctx, msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            if (!begin(ctx, head)) {
                drain(ctx, msg);
                return;
            }
        }
        if (!(msg instanceof HttpContent content)) {
            if (state == State.HOLDING) {
                held.add(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        bodyBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (bodyBytes > limit.bytes()) {
            if (state == State.HOLDING) {
                releaseHeld();
                refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge("more than"));
                drain(ctx, msg);
            } else {
                // Micronaut is already streaming this body onwards and owns the answer: cut it off.
                LOG.info("{} sent more than {} bytes of chunked body; closing the connection", request, limit.bytes());
                ReferenceCountUtil.release(msg);
                state = State.DRAINING;
                ctx.close();
            }
            return;
        }
        if (state == State.HOLDING) {
            held.add(msg);
            if (last) {
                state = State.BETWEEN_REQUESTS;
                List<Object> complete = new ArrayList<>(held);
                held.clear();
                complete.forEach(ctx::fireChannelRead);
            }
            return;
        }
        if (last) {
            state = State.BETWEEN_REQUESTS;
        }
        ctx.fireChannelRead(msg);
    }

    /** @return false when the request was refused */
    private boolean begin(ChannelHandlerContext ctx, HttpRequest head) {
        state = State.PASSING;
        bodyBytes = 0;
        request = head.method().name() + " " + BodyLimitRules.pathOf(head.uri());
        limit = BodyLimitRules.limitFor(head.method().name(), head.uri(), limits);
        if (!head.decoderResult().isSuccess()) {
            return true; // Micronaut answers 400
        }
        String encoding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity") && !limit.encodedBodies()) {
            refuse(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the body of " + request
                    + " without Content-Encoding (" + encoding.trim() + " is not accepted here)");
            return false;
        }
        long declared = HttpUtil.getContentLength(head, -1L);
        if (declared > limit.bytes()) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(declared + " bytes, more than"));
            return false;
        }
        if (declared < 0 && HttpUtil.isTransferEncodingChunked(head) && !limit.streamed()) {
            state = State.HOLDING;
            if (HttpUtil.is100ContinueExpected(head)) {
                // Micronaut does not see the request yet, so it cannot invite the body: invite it here.
                head.headers().remove(HttpHeaderNames.EXPECT);
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
        }
        return true;
    }

    private String tooLarge(String sent) {
        return "the body of " + request + " is " + sent + " " + readable(limit.bytes()) + ", the most " + limit.route()
                + " may send; send less";
    }

    static String readable(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /** Answers with the platform's JSON error, then discards what is left of the body and closes. */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        state = State.DRAINING;
        drained = 0;
        LOG.info("refused {}: {}", request, message);
        ByteBuf body = Unpooled.wrappedBuffer(json.apply(new ApiError(status.code(), status.reasonPhrase(), message, List.of())));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void drain(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            drained += content.content().readableBytes();
        }
        boolean end = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (end || drained > DRAIN_BYTES) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.HOLDING || state == State.DRAINING) {
            // Micronaut reads on demand, and it does not know about this body: keep it coming.
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void releaseHeld() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }
}
