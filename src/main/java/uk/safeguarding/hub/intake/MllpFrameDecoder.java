package uk.safeguarding.hub.intake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * MLLP framing on Netty's delimiter frame decoder: a frame ends with end-of-block and carriage return and is
 * handed on as the bytes after its start-of-block; bytes before a start-of-block (noise between frames) are
 * dropped, as MLLP asks of a receiver. Past the limit it fails at once, without reading the rest, with
 * {@link FrameTooLong}: the frame's first segment (its MSH, as far as it came) so that the AE can answer it.
 */
final class MllpFrameDecoder extends DelimiterBasedFrameDecoder {

    static final byte START_OF_BLOCK = 0x0b;
    static final byte[] END_OF_BLOCK = {0x1c, 0x0d};
    private static final int FIRST_SEGMENT_KEPT = 1024;

    MllpFrameDecoder(int maxBytes) {
        // The limit is on what a frame holds; its start-of-block comes on top.
        super(maxBytes + 1, true, true, Unpooled.wrappedBuffer(END_OF_BLOCK));
    }

    /** A frame past the limit; carries its first segment, never logged (it can name the sender's systems). */
    static final class FrameTooLong extends TooLongFrameException {
        final transient byte[] firstSegment;

        FrameTooLong(byte[] firstSegment) {
            super("MLLP frame over the limit");
            this.firstSegment = firstSegment;
        }
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int from = in.readerIndex();
        ByteBuf frame;
        try {
            frame = (ByteBuf) super.decode(ctx, in);
        } catch (TooLongFrameException e) {
            // The decoder has only moved past the bytes it dropped: they are still there to read the MSH from.
            throw new FrameTooLong(firstSegment(in, from, in.writerIndex()));
        }
        if (frame == null) {
            return null;
        }
        try {
            int start = frame.indexOf(frame.readerIndex(), frame.writerIndex(), START_OF_BLOCK);
            if (start < 0) {
                return null; // no frame at all, only noise: nothing to answer
            }
            byte[] body = new byte[frame.writerIndex() - start - 1];
            frame.getBytes(start + 1, body);
            return body;
        } finally {
            frame.release();
        }
    }

    private static byte[] firstSegment(ByteBuf in, int from, int to) {
        int start = in.indexOf(from, to, START_OF_BLOCK);
        if (start < 0) {
            return new byte[0];
        }
        int end = start + 1;
        while (end < to && end - start <= FIRST_SEGMENT_KEPT) {
            byte b = in.getByte(end);
            if (b == '\r' || b == '\n') {
                break;
            }
            end++;
        }
        byte[] segment = new byte[end - start - 1];
        in.getBytes(start + 1, segment);
        return segment;
    }
}
