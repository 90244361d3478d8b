package lotgraph;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j community in this JVM with only a Bolt connector on 127.0.0.1, for Lotgraph's
 * local mode. The Node side (cypher/local-neo4j.ts) spawns it and reads its stdout:
 *
 * <pre>
 *   LOTGRAPH_NEO4J_READY &lt;port&gt;              Bolt accepts connections
 *   LOTGRAPH_NEO4J_FAILED &lt;kind&gt; &lt;message&gt;   start failed; kind is LOCKED, PORT_IN_USE or ERROR
 * </pre>
 *
 * It stops cleanly on SIGTERM/SIGINT and when its stdin reaches EOF, so a parent that dies
 * (even by SIGKILL) takes the database down with it. Started by hand, keep stdin open
 * (a terminal does); with stdin at /dev/null it stops right after starting.
 */
public final class LocalNeo4j {
    private static final String USAGE =
            "usage: LocalNeo4j --home DIR --port N [--password-file FILE] [--pagecache-mb N] [--config-file FILE]\n"
                    + "  the password file may also be given by env LOTGRAPH_NEO4J_PASSWORD_FILE";

    private static final int EXIT_FAILED = 2;
    private static final int EXIT_USAGE = 64;

    private static volatile DatabaseManagementService dbms;

    private LocalNeo4j() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = parseArgs(args);
        Path home = Path.of(require(opts, "--home")).toAbsolutePath();
        int port = parsePort(require(opts, "--port"));
        String passwordFile = opts.getOrDefault("--password-file", System.getenv("LOTGRAPH_NEO4J_PASSWORD_FILE"));
        if (passwordFile == null) {
            usage("--password-file (or env LOTGRAPH_NEO4J_PASSWORD_FILE) is required");
        }
        long pageCacheMb = Long.parseLong(opts.getOrDefault("--pagecache-mb", "512"));
        String password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();

        // Registered before the start: a SIGTERM after build() but before READY must still close the store.
        Runtime.getRuntime().addShutdownHook(new Thread(LocalNeo4j::shutdown, "lotgraph-neo4j-shutdown"));

        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
            // Further settings (benchmarks' experiments): a neo4j.conf-style file, ours applied after it.
            String configFile = opts.get("--config-file");
            if (configFile != null) {
                builder.loadPropertiesFromFile(Path.of(configFile));
            }
            dbms = builder
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    // the machine may have no internet; Lotgraph never reports usage anyway
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Bolt's event loops otherwise idle 5 s each before they stop: ~10 s on every shutdown
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
            setPassword(password);
            awaitBoltAccepting(port);
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("LOTGRAPH_NEO4J_FAILED " + failureKind(t) + " " + oneLine(t));
            System.out.flush();
            System.exit(EXIT_FAILED);
        }

        System.out.println("LOTGRAPH_NEO4J_READY " + port);
        System.out.flush();

        // The parent keeps our stdin open while it lives; EOF means it is gone or wants us gone.
        InputStream in = System.in;
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // input carries no commands; only its end matters
        }
        System.exit(0);
    }

    /**
     * Makes the password file the password of user neo4j. Done on every start, so a password file
     * made anew (lost, or the store copied from elsewhere) still works; a first start also clears
     * the "change the default password" flag that would otherwise refuse every query.
     */
    private static void setPassword(String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to "change" a password to the one it already has: that is the usual restart.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** build() returns once the connectors are started; connect once to be sure before saying READY. */
    private static void awaitBoltAccepting(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        }
    }

    private static void shutdown() {
        DatabaseManagementService service = dbms;
        if (service != null) {
            service.shutdown();
        }
    }

    /** Neo4j wraps the cause deep inside lifecycle exceptions; look through the whole chain. */
    private static String failureKind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            String message = String.valueOf(c.getMessage());
            if (name.equals("FileLockException") || message.contains("locked by another process")) {
                return "LOCKED";
            }
            if (name.equals("PortBindException") || message.contains("Address already in use")) {
                return "PORT_IN_USE";
            }
        }
        return "ERROR";
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return (root.getClass().getSimpleName() + ": " + root.getMessage()).replaceAll("\\s+", " ");
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad argument: " + args[i]);
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            usage(name + " is required");
        }
        return value;
    }

    private static int parsePort(String value) {
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            usage("--port must be 1..65535");
        }
        return port;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\n" + USAGE);
        System.exit(EXIT_USAGE);
    }
}
