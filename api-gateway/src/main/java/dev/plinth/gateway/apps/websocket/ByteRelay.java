package dev.plinth.gateway.apps.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the bytes one connection reads to its peer, reading the next batch only once the peer
 * took the last one (so a slow side slows the other instead of filling memory), and closes the peer
 * when its own connection ends.
 */
final class ByteRelay extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ByteRelay.class);

    private final Channel peer;

    ByteRelay(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = null;
        if (msg instanceof ByteBuf buf) {
            bytes = buf;
        } else if (msg instanceof ByteBufHolder holder) {
            // What an HTTP codec still held when it was removed.
            bytes = holder.content().retain();
            ReferenceCountUtil.release(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
        if (bytes == null || !bytes.isReadable() || !peer.isActive()) {
            if (bytes != null) {
                bytes.release();
            }
            if (!peer.isActive()) {
                closeWhenFlushed(ctx.channel());
            }
            return;
        }
        peer.writeAndFlush(bytes).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                ctx.channel().read();
            } else {
                LOG.debug("relay write failed: {}", written.cause().toString());
                ctx.channel().close();
                peer.close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWhenFlushed(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relayed connection failed: {}", cause.toString());
        ctx.channel().close();
        closeWhenFlushed(peer);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // Idle events of the client connection: a quiet WebSocket is not a reason to close it.
        ReferenceCountUtil.release(evt);
    }

    static void closeWhenFlushed(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
