package uk.safeguarding.hub.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw MLLP connection over TLS as an agency, for what a well-behaved client never sends: oversize and
 * unterminated frames, noise between frames. Reads ACKs frame by frame.
 */
final class MllpSocket implements AutoCloseable {

    static final byte START = 0x0b;
    static final byte[] END = {0x1c, 0x0d};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpSocket(String agency, int port) throws Exception {
        this(TestPki.clientTls(agency).getSocketFactory().createSocket("localhost", port));
    }

    MllpSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000); // a generous bound: each answer is expected within a few seconds
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The message in one frame. */
    static byte[] frame(String er7) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(START);
        framed.writeBytes(er7.getBytes(StandardCharsets.UTF_8));
        framed.writeBytes(END);
        return framed.toByteArray();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next ACK's text, or null when the hub closed the connection instead. */
    String readAck() throws IOException {
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        boolean inFrame = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c == START) {
                inFrame = true;
                ack.reset();
            } else if (c == END[0] && inFrame) {
                in.read(); // the carriage return after end-of-block
                return ack.toString(StandardCharsets.UTF_8);
            } else if (inFrame) {
                ack.write(c);
            }
        }
        return null;
    }

    /** Whether the hub has closed the connection: end of stream, or a reset, with nothing more to read. */
    boolean closedByHub() {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
