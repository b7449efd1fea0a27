package uk.safeguarding.hub.intake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** An ACK out, in an MLLP frame. Anything but text or bytes (an exception, say) is never written to the sender. */
@ChannelHandler.Sharable
final class MllpFrameEncoder extends MessageToByteEncoder<Object> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Object ack, ByteBuf out) {
        byte[] bytes;
        if (ack instanceof byte[] b) {
            bytes = b;
        } else if (ack instanceof CharSequence text) {
            bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            throw new EncoderException(
                    "an MLLP answer is an ACK, not a " + ack.getClass().getSimpleName());
        }
        out.writeByte(MllpFrameDecoder.START_OF_BLOCK);
        out.writeBytes(bytes);
        out.writeBytes(MllpFrameDecoder.END_OF_BLOCK);
    }
}
