package uk.safeguarding.hub.intake;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every MLLP connection passes here, after TLS and framing: no more than {@code hub.mllp.max-connections} at
 * once; a frame past the limit answered AE and the connection closed; and anything else that goes wrong on a
 * connection ends it with one log line naming only what kind of failure it was. Netty's and the JDK's messages are
 * never logged: some quote the bytes received (a plain-text HL7 message sent to the TLS port, for one), and those
 * bytes are a person's record.
 */
@ChannelHandler.Sharable
final class MllpConnectionGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MllpConnectionGuard.class);

    private final int maxConnections;
    private final BiFunction<X509Certificate, byte[], String> tooLong;
    private final AtomicInteger open = new AtomicInteger();

    /** {@code tooLong}: from the sender's certificate and the frame's first segment, the AE to answer. */
    MllpConnectionGuard(int maxConnections, BiFunction<X509Certificate, byte[], String> tooLong) {
        this.maxConnections = maxConnections;
        this.tooLong = tooLong;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            log.warn(
                    "An MLLP connection from {} was closed: {} are open already",
                    ctx.channel().remoteAddress(),
                    maxConnections);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof MllpFrameDecoder.FrameTooLong frame) {
            String ack;
            try {
                ack = tooLong.apply(clientCertificate(ctx), frame.firstSegment);
            } catch (RuntimeException e) {
                log.warn(
                        "An MLLP frame from {} went past the limit; no AE could be made ({}), connection closed",
                        ctx.channel().remoteAddress(),
                        kinds(e));
                ctx.close();
                return;
            }
            log.warn(
                    "An MLLP frame from {} went past the limit: AE sent, connection closed",
                    ctx.channel().remoteAddress());
            ctx.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (cause instanceof ReadTimeoutException) {
            log.info(
                    "An MLLP connection from {} was idle too long and is closed",
                    ctx.channel().remoteAddress());
        } else {
            log.warn(
                    "An MLLP connection from {} is closed after {}",
                    ctx.channel().remoteAddress(),
                    kinds(cause));
        }
        ctx.close();
    }

    /** The exception's class and its causes' classes: what went wrong, without what was sent. */
    static String kinds(Throwable cause) {
        StringBuilder out = new StringBuilder(cause.getClass().getSimpleName());
        Throwable c = cause.getCause();
        for (int depth = 0; c != null && depth < 5; c = c.getCause(), depth++) {
            out.append(" (").append(c.getClass().getSimpleName()).append(')');
        }
        return out.toString();
    }

    private static X509Certificate clientCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = tls == null ? null : tls.engine().getSession().getPeerCertificates();
            return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
