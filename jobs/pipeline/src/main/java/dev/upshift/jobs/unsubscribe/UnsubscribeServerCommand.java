package dev.upshift.jobs.unsubscribe;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.Main;
import dev.upshift.jobs.runtime.Secrets;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./upshift unsubscribe-server}: the one-click unsubscribe endpoint the mail links to, until stopped. */
@Command(name = "unsubscribe-server", mixinStandardHelpOptions = true,
        description = "Serve the RFC 8058 one-click unsubscribe endpoint; opt-outs go to the feedback topic.")
public final class UnsubscribeServerCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Mixin
    ConfigOption config;

    /** For a plain JVM: {@code java -cp upshift-pipeline-*-flink-app.jar dev.upshift.jobs.unsubscribe.UnsubscribeServerCommand …}. */
    public static void main(String[] args) {
        Main.run(new UnsubscribeServerCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        UpshiftConfig loaded = config.load();
        Delivery.Unsubscribe settings = loaded.delivery().unsubscribe();
        UnsubscribeLinks links = new UnsubscribeLinks(settings.url(), settings.mailto(), Secrets.agentSecret(loaded.delivery()));
        try (KafkaUnsubscribes outcomes = new KafkaUnsubscribes(bootstrapServers, loaded.topics().feedback());
                UnsubscribeService service = new UnsubscribeService(new InetSocketAddress(bind, port), settings, links, outcomes,
                        Clock.systemUTC())) {
            service.start();
            System.out.println("upshift: one-click unsubscribe on http://" + bind + ":" + service.port()
                    + java.net.URI.create(settings.url()).getPath() + " (public URL " + settings.url() + "), opt-outs to "
                    + loaded.topics().feedback());
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
