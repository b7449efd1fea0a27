package uk.safeguarding.hub.system;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Function;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener's frame limit, where camel-mllp has none that answers: past {@code hub.intake.max-bytes}
 * inside one frame (or outside any frame), the sender gets an {@code AE} at once and the connection is closed,
 * without the rest being read (camel-mllp's own buffer limit leaves such a connection open and unanswered, so
 * the route sets none: this limit always comes first). It sits between TLS and
 * camel-mllp: the TLS socket's decrypted input is counted from each start-of-block byte; the ACK is made by the
 * HL7 reader from the frame's MSH segment. Everything else is the JDK's TLS socket, delegated to unchanged.
 */
final class MllpFrameLimit extends SSLContextParameters {

    private static final Logger log = LoggerFactory.getLogger(MllpFrameLimit.class);
    static final int START_OF_BLOCK = 0x0b;
    static final int END_OF_BLOCK = 0x1c;
    private static final int HEADER_KEPT = 4096;

    private final int limit;
    private final Function<byte[], String> tooLongAck;

    /** {@code tooLongAck}: from the frame's first bytes (its MSH segment), the AE to send. */
    MllpFrameLimit(int limit, Function<byte[], String> tooLongAck) {
        this.limit = limit;
        this.tooLongAck = tooLongAck;
    }

    @Override
    public SSLContext createSSLContext(CamelContext camelContext) throws GeneralSecurityException, IOException {
        SSLContext tls = super.createSSLContext(camelContext);
        return new SSLContext(new Spi(tls), tls.getProvider(), tls.getProtocol()) {};
    }

    /** Counts one frame at a time; past the limit, answers AE, closes, and fails the read. */
    final class Counted extends FilterInputStream {
        private final SSLSocket socket;
        private boolean inFrame;
        private long count;
        private final ByteArrayOutputStream header = new ByteArrayOutputStream();

        Counted(InputStream in, SSLSocket socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                int c = b[i] & 0xff;
                if (c == START_OF_BLOCK) {
                    inFrame = true;
                    count = 0;
                    header.reset();
                } else if (c == END_OF_BLOCK) {
                    inFrame = false;
                    count = 0;
                } else {
                    // Bytes outside a frame count too: camel-mllp would buffer them as well.
                    if (inFrame && header.size() < HEADER_KEPT) {
                        header.write(c);
                    }
                    if (++count > limit) {
                        refuse();
                    }
                }
            }
            return n;
        }

        private void refuse() throws IOException {
            byte[] kept = header.toByteArray();
            int end = 0;
            while (end < kept.length && kept[end] != '\r' && kept[end] != '\n') {
                end++;
            }
            String ack = tooLongAck.apply(java.util.Arrays.copyOf(kept, end)); // the MSH segment alone
            try {
                OutputStream out = socket.getOutputStream();
                out.write(START_OF_BLOCK);
                out.write(ack.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {END_OF_BLOCK, 0x0d});
                out.flush();
            } finally {
                log.warn(
                        "An MLLP frame from {} went past {} bytes: AE sent, connection closed",
                        socket.getRemoteSocketAddress(),
                        limit);
                socket.close();
            }
            throw new IOException("MLLP frame larger than " + limit + " bytes: AE sent, connection closed");
        }
    }

    private final class Spi extends SSLContextSpi {
        private final SSLContext tls;

        Spi(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return tls.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new Factory(tls.getServerSocketFactory());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return tls.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return tls.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return tls.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return tls.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return tls.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return tls.getSupportedSSLParameters();
        }
    }

    private final class Factory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory tls;

        Factory(SSLServerSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new Listening((SSLServerSocket) tls.createServerSocket());
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            return new Listening((SSLServerSocket) tls.createServerSocket(port));
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return new Listening((SSLServerSocket) tls.createServerSocket(port, backlog));
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return new Listening((SSLServerSocket) tls.createServerSocket(port, backlog, address));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }

    /** The JDK's listening TLS socket; what it accepts comes back with its input counted. */
    private final class Listening extends SSLServerSocket {
        private final SSLServerSocket tls;

        Listening(SSLServerSocket tls) throws IOException {
            this.tls = tls;
        }

        @Override
        public java.net.Socket accept() throws IOException {
            return new Connection((SSLSocket) tls.accept());
        }

        @Override
        public void bind(SocketAddress endpoint) throws IOException {
            tls.bind(endpoint);
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            tls.bind(endpoint, backlog);
        }

        @Override
        public InetAddress getInetAddress() {
            return tls.getInetAddress();
        }

        @Override
        public int getLocalPort() {
            return tls.getLocalPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return tls.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }

        @Override
        public boolean isBound() {
            return tls.isBound();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws IOException {
            return tls.getSoTimeout();
        }

        @Override
        public void setReuseAddress(boolean on) throws SocketException {
            tls.setReuseAddress(on);
        }

        @Override
        public boolean getReuseAddress() throws SocketException {
            return tls.getReuseAddress();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws SocketException {
            tls.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws SocketException {
            return tls.getReceiveBufferSize();
        }

        @Override
        public String toString() {
            return tls.toString();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return tls.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            tls.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public String[] getSupportedProtocols() {
            return tls.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return tls.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            tls.setEnabledProtocols(protocols);
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            tls.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return tls.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            tls.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return tls.getWantClientAuth();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            tls.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return tls.getUseClientMode();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            tls.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return tls.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return tls.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            tls.setSSLParameters(params);
        }
    }

    /** One agency's TLS connection, its input counted per frame. */
    private final class Connection extends SSLSocket {
        private final SSLSocket tls;
        private Counted in;

        Connection(SSLSocket tls) {
            this.tls = tls;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Counted(tls.getInputStream(), tls);
            }
            return in;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return tls.getOutputStream();
        }

        @Override
        public synchronized void close() throws IOException {
            tls.close();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public boolean isConnected() {
            return tls.isConnected();
        }

        @Override
        public boolean isBound() {
            return tls.isBound();
        }

        @Override
        public boolean isInputShutdown() {
            return tls.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return tls.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            tls.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            tls.shutdownOutput();
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            tls.connect(endpoint);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            tls.connect(endpoint, timeout);
        }

        @Override
        public void bind(SocketAddress local) throws IOException {
            tls.bind(local);
        }

        @Override
        public InetAddress getInetAddress() {
            return tls.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return tls.getLocalAddress();
        }

        @Override
        public int getPort() {
            return tls.getPort();
        }

        @Override
        public int getLocalPort() {
            return tls.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return tls.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return tls.getLocalSocketAddress();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return tls.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            tls.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return tls.getTcpNoDelay();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            tls.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return tls.getSoLinger();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            tls.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return tls.getKeepAlive();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws SocketException {
            tls.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws SocketException {
            return tls.getReceiveBufferSize();
        }

        @Override
        public synchronized void setSendBufferSize(int size) throws SocketException {
            tls.setSendBufferSize(size);
        }

        @Override
        public synchronized int getSendBufferSize() throws SocketException {
            return tls.getSendBufferSize();
        }

        @Override
        public void setReuseAddress(boolean on) throws SocketException {
            tls.setReuseAddress(on);
        }

        @Override
        public boolean getReuseAddress() throws SocketException {
            return tls.getReuseAddress();
        }

        @Override
        public void setTrafficClass(int tc) throws SocketException {
            tls.setTrafficClass(tc);
        }

        @Override
        public int getTrafficClass() throws SocketException {
            return tls.getTrafficClass();
        }

        @Override
        public void setOOBInline(boolean on) throws SocketException {
            tls.setOOBInline(on);
        }

        @Override
        public boolean getOOBInline() throws SocketException {
            return tls.getOOBInline();
        }

        @Override
        public void sendUrgentData(int data) throws IOException {
            tls.sendUrgentData(data);
        }

        @Override
        public String toString() {
            return tls.toString();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return tls.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            tls.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return tls.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return tls.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            tls.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return tls.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return tls.getHandshakeSession();
        }

        @Override
        public void addHandshakeCompletedListener(HandshakeCompletedListener l) {
            tls.addHandshakeCompletedListener(l);
        }

        @Override
        public void removeHandshakeCompletedListener(HandshakeCompletedListener l) {
            tls.removeHandshakeCompletedListener(l);
        }

        @Override
        public void startHandshake() throws IOException {
            tls.startHandshake();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            tls.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return tls.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            tls.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return tls.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            tls.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return tls.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            tls.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return tls.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return tls.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            tls.setSSLParameters(params);
        }

        @Override
        public String getApplicationProtocol() {
            return tls.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return tls.getHandshakeApplicationProtocol();
        }
    }
}
