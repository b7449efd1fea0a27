package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MLLP listener's Netty handlers on an embedded channel: framing, the frame limit, the guard. */
class MllpFramingTest {

    static final String MSH = "MSH|^~\\&|X|drug-service|HUB|hub|20261118103000||ORU^R01|c-1|P|2.5.1";
    final List<byte[]> tooLong = new ArrayList<>();

    EmbeddedChannel listener(int limit, int maxConnections) {
        return new EmbeddedChannel(
                new MllpFrameEncoder(),
                new MllpFrameDecoder(limit),
                new MllpConnectionGuard(maxConnections, (certificate, firstSegment) -> {
                    tooLong.add(firstSegment);
                    return "MSH|ACK\rMSA|AE|too long";
                }));
    }

    static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    static String text(Object frame) {
        return new String((byte[]) frame, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFrameIsWhatLiesBetweenStartAndEndOfBlockAndMayComeInPieces() {
        EmbeddedChannel channel = listener(1024, 5);
        channel.writeInbound(bytes("\u000b" + MSH + "\rPID|1"));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(bytes("||x\r\u001c\r\u000bsecond\u001c\r"));
        assertThat(text(channel.readInbound())).isEqualTo(MSH + "\rPID|1||x\r");
        assertThat(text(channel.readInbound())).isEqualTo("second");
    }

    @Test
    void bytesOutsideAnyFrameAreDropped() {
        EmbeddedChannel channel = listener(1024, 5);
        channel.writeInbound(bytes("noise\r\n\u000bone\u001c\rnoise alone\u001c\rmore\u000btwo\u001c\r"));
        assertThat(text(channel.readInbound())).isEqualTo("one");
        assertThat(text(channel.readInbound())).isEqualTo("two");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void theLimitCountsWhatAFrameHolds() {
        EmbeddedChannel channel = listener(8, 5);
        channel.writeInbound(bytes("\u000b12345678\u001c\r"));
        assertThat(text(channel.readInbound())).isEqualTo("12345678");
        assertThat(channel.isOpen()).isTrue();
        assertThat(tooLong).isEmpty();
    }

    @Test
    void aFramePastTheLimitIsAnsweredFromItsMshAndTheConnectionClosedBeforeItEnds() {
        EmbeddedChannel channel = listener(64, 5);
        char[] more = new char[100];
        Arrays.fill(more, 'x');
        channel.writeInbound(bytes("\u000b" + MSH + "\rPID|1||9990000018" + new String(more)));
        assertThat(tooLong)
                .singleElement()
                .satisfies(segment -> assertThat(new String(segment, StandardCharsets.ISO_8859_1))
                        .isEqualTo(MSH));
        ByteBuf answer = channel.readOutbound();
        assertThat(answer.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u000bMSH|ACK\rMSA|AE|too long\u001c\r");
        answer.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void anUnterminatedFrameWithoutASegmentEndIsCutAtTheLimitToo() {
        EmbeddedChannel channel = listener(1024, 5);
        byte[] endless = new byte[4096];
        Arrays.fill(endless, (byte) 'A');
        channel.writeInbound(bytes("\u000bMSH|"));
        channel.writeInbound(Unpooled.wrappedBuffer(endless));
        assertThat(tooLong).hasSize(1);
        assertThat(tooLong.get(0).length)
                .as("at most the first 1 KB kept for the ACK")
                .isLessThanOrEqualTo(1025);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionsPastTheMaximumAreClosedAtOnce() {
        MllpConnectionGuard guard = new MllpConnectionGuard(2, (c, s) -> "");
        EmbeddedChannel first = new EmbeddedChannel(guard);
        EmbeddedChannel second = new EmbeddedChannel(guard);
        EmbeddedChannel third = new EmbeddedChannel(guard);
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(third.isOpen()).isFalse();
        first.close();
        assertThat(new EmbeddedChannel(guard).isOpen())
                .as("a place freed by a closed connection")
                .isTrue();
    }

    @Test
    void anyOtherFailureClosesTheConnectionAndGoesNoFurther() {
        EmbeddedChannel channel = listener(1024, 5);
        channel.pipeline().fireExceptionCaught(new IOException("PID|1||9990000018 quoted by some library"));
        assertThat(channel.isOpen()).isFalse();
        channel.checkException(); // nothing reached the end of the pipeline
        assertThat(MllpConnectionGuard.kinds(new IllegalStateException("x", new IOException("PID|1"))))
                .isEqualTo("IllegalStateException (IOException)");
    }

    @Test
    void onlyAnAckIsWrittenToTheSender() {
        EmbeddedChannel channel = new EmbeddedChannel(new MllpFrameEncoder());
        channel.writeOutbound("ACK");
        ByteBuf framed = channel.readOutbound();
        assertThat(framed.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u000bACK\u001c\r");
        framed.release();
        assertThat(channel.writeOneOutbound(new IllegalStateException("PID|1")).isSuccess())
                .isFalse();
    }

    @Test
    void aFramePastTheLimitWhoseAeCannotBeMadeIsCutAllTheSame() {
        EmbeddedChannel channel = new EmbeddedChannel(
                new MllpFrameEncoder(), new MllpFrameDecoder(16), new MllpConnectionGuard(5, (c, s) -> {
                    throw new IllegalStateException("cannot build an ACK from PID|1||9990000018");
                }));
        channel.writeInbound(bytes("\u000b" + MSH + "\rPID|1||9990000018"));
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.checkException();
    }
}
