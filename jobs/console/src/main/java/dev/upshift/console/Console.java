package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * The console assembled: the store, the feed that fills it from the topics, the approvals writer and the web
 * server. The one way to start it, for {@code ./upshift console}, the demo and the tests alike.
 */
public final class Console implements AutoCloseable {
    /**
     * How it is run: where it listens, how long an idle session lasts, how long a conversion is attributed, and the
     * header an OIDC proxy names the signed-in user in (null: passwords from the users file).
     */
    public record Settings(String host, int port, Duration sessionTimeout, Duration attribution, String trustedUserHeader) {
        public static Settings defaults(String host, int port) {
            return new Settings(host, port, Duration.ofMinutes(30), AnalystReport.DEFAULT_ATTRIBUTION, null);
        }
    }

    /** The address to listen on is taken (or not this machine's). */
    public static final class PortTaken extends IllegalArgumentException {
        PortTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ConsoleStore store;
    private final TopicFeed feed;
    private final ApprovalWriter approvals;
    private final ConsoleServer server;
    private final int port;
    private final String host;

    private Console(UpshiftConfig config, String bootstrapServers, Users users, Settings settings, Clock clock) {
        this.store = new ConsoleStore();
        this.feed = new TopicFeed(bootstrapServers, config.topics(), store, clock);
        this.approvals = new ApprovalWriter(bootstrapServers, config.topics().approvals());
        this.server = new ConsoleServer(config, users, store, feed, approvals, clock, settings.sessionTimeout(), settings.attribution(),
                settings.trustedUserHeader());
        this.host = settings.host();
        try {
            this.port = server.start(settings.host(), settings.port());
            feed.follow();
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
    }

    /**
     * Reads the topics as they are, then serves; the topics go on being followed.
     *
     * @param usersFile the local users file (see {@link Users})
     */
    public static Console start(UpshiftConfig config, String bootstrapServers, java.nio.file.Path usersFile, Settings settings) {
        Users users = Users.load(usersFile, java.util.Set.copyOf(config.delivery().review().admins()));
        return new Console(config, bootstrapServers, users, settings, Clock.systemUTC());
    }

    public String url() {
        return "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port + "/";
    }

    /** Closes what was opened when starting failed part-way; what closing throws is attached to the cause. */
    private void closeQuietly(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        server.close();
        feed.close();
        approvals.close();
        store.close();
    }
}
