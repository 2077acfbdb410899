package portal.searchnode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, for development and CI: the same engine a cluster runs,
 * given its two modules as classpath plugins (the distribution loads them from its modules folder).
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* portal.searchnode.SearchNode HOME [PORT [NAME=VALUE...]]}.
 * It keeps its data under HOME, answers HTTP on 127.0.0.1:PORT (default 9200) only, and stops
 * cleanly on SIGTERM or Ctrl-C: the shutdown hook closes the node and waits for it. Each NAME=VALUE
 * is a node setting ({@code transport.port=9300}, {@code node.name=…}); a node given
 * {@code discovery.seed_hosts} looks for the others of its cluster (searchnode/cluster.sh), any
 * other runs alone.
 */
public final class SearchNode extends Node {
    private SearchNode(Settings settings) {
        super(
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "portal-search"),
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class),
            true
        );
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SearchNode HOME [PORT [NAME=VALUE...]]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String port = args.length > 1 ? args[1] : "9200";
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "portal-search")
            .put("node.name", "portal-search-1")
            // Loopback only: a development node is never reachable from elsewhere.
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            // A busy shared disk must not stop shards from being allocated (the index would stay red).
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", "WARN")
            // It warns at every start that a setting left at its default is off.
            .put("logger.org.opensearch.gateway.DanglingIndicesState", "ERROR");
        for (int i = 2; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            if (setting.length != 2) {
                System.err.println("not a NAME=VALUE setting: " + args[i]);
                System.exit(2);
            }
            builder.put(setting[0], setting[1]);
        }
        if (builder.get("discovery.seed_hosts") == null) {
            builder.put("discovery.type", "single-node");
        }
        Settings settings = builder.build();
        LogConfigurator.configureWithoutConfig(settings);

        Node node = new SearchNode(settings);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "portal-search-shutdown"));
        node.start();
        System.out.println(
            "OpenSearch node " + settings.get("node.name") + " up on http://127.0.0.1:" + port + " with its data in " + home
        );
        closed.await();
    }
}
