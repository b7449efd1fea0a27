package uk.safeguarding.hub.system.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A listener that cannot have its port stops the start with one clear report, before the broker or the MLLP
 * listener try and fail on their own (the broker would log its acceptor's settings, passwords included, and the
 * hub would carry on half-started).
 */
public final class ListenerPorts {

    private ListenerPorts() {}

    /** Thrown when a port the hub must listen on is taken; {@link Analyzer} turns it into the start's report. */
    static final class InUse extends RuntimeException {
        final String listener;
        final String property;
        final int port;

        InUse(String listener, String property, int port) {
            super(listener + " cannot listen on port " + port + ": another process holds it");
            this.listener = listener;
            this.property = property;
            this.port = port;
        }
    }

    /** A port found free at start (a bean, so that the check runs before Camel starts its listeners). */
    public record Free(String listener, int port) {}

    public static Free requireFree(String listener, String property, int port) {
        if (port == 0) {
            return new Free(listener, port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new InUse(listener, property, port);
        }
        return new Free(listener, port);
    }

    /** Registered in META-INF/spring.factories. */
    static final class Analyzer extends AbstractFailureAnalyzer<InUse> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, InUse cause) {
            return new FailureAnalysis(
                    "The " + cause.listener + " cannot listen on port " + cause.port
                            + ": another process holds it. The hub has not started.",
                    "Stop the process that holds port " + cause.port + ", or set " + cause.property
                            + " to a free port.",
                    cause);
        }
    }
}
