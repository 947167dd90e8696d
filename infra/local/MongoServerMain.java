import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Inlet local MongoDB-wire server (mongo-java-server). Not a real mongod: no transactions, no TTL expiry.
 *
 * <pre>
 * java -cp '&lt;libs&gt;/*' MongoServerMain.java [--port 27017] [--host 127.0.0.1] [--h2 /path/file.mv]
 *      [--wire-version N] [--exit-on-stdin-eof]
 * </pre>
 *
 * --port 0 binds an ephemeral port; the ready line reports the real one:
 * {@code MONGO_SERVER_READY port=N backend=memory|h2 wire=W version=X url=mongodb://127.0.0.1:N}
 * --exit-on-stdin-eof: exit (cleanly, via the shutdown hook) when stdin closes, so the server dies
 * with its parent process even if the parent is SIGKILLed.
 */
public final class MongoServerMain {

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 27017;
        String h2File = null;
        Integer wireVersion = null;
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(value(args, ++i)); break;
                case "--host": host = value(args, ++i); break;
                case "--h2": h2File = value(args, ++i); break;
                case "--wire-version": wireVersion = Integer.parseInt(value(args, ++i)); break;
                case "--exit-on-stdin-eof": exitOnStdinEof = true; break;
                case "-h": case "--help":
                    System.out.println("usage: MongoServerMain [--port N] [--host H] [--h2 FILE] [--wire-version N] [--exit-on-stdin-eof]");
                    return;
                default:
                    System.err.println("MongoServerMain: unknown argument " + args[i]);
                    System.exit(2);
            }
        }

        // Quiet logging unless overridden with -Dorg.slf4j.simpleLogger.defaultLogLevel=info
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        // client disconnects ("Connection reset") are logged as ERROR with a stack trace: not useful here
        setDefault("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoExceptionHandler", "off");

        MongoServer server;
        InetSocketAddress bound;
        try {
            MongoBackend backend;
            if (h2File != null) {
                File parent = new File(h2File).getAbsoluteFile().getParentFile();
                if (parent != null) parent.mkdirs();
                // MVStore's defaults write a new chunk every 1 MB of changes; the event log rewrites
                // each document a few times, so that meant a chunk (and later compaction) every few
                // hundred writes. A 64 MB write buffer and a 256 MB cache keep the disk work in
                // large, rare writes; auto-commit every second keeps at most a second at risk.
                backend = new H2Backend(new MVStore.Builder()
                        .fileName(h2File)
                        .autoCommitBufferSize(64 * 1024)
                        .cacheSize(256)
                        .open());
            } else {
                backend = new MemoryBackend();
            }
            if (wireVersion != null) backend.version(new WireVersion(wireVersion));
            server = new MongoServer(backend);
            server.bind(host, port);
            bound = server.getLocalAddress();
        } catch (Throwable t) {
            // netty's non-daemon threads would otherwise keep a half-started JVM alive
            System.err.println("MongoServerMain: failed to start on " + host + ":" + port + ": " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdownNow(); // closes clients, stops netty, closes backend (H2: flushes + closes the MVStore)
            } catch (Throwable t) {
                System.err.println("MongoServerMain: error during shutdown: " + t);
            } finally {
                System.out.println("MONGO_SERVER_STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "mongo-server-shutdown"));

        if (exitOnStdinEof) {
            Thread watchdog = new Thread(() -> {
                try {
                    byte[] buf = new byte[256];
                    while (System.in.read(buf) >= 0) { /* ignore input */ }
                } catch (Throwable ignored) {
                    // stdin broken: same as EOF
                }
                System.err.println("MongoServerMain: stdin closed (parent gone), shutting down");
                System.exit(0);
            }, "stdin-eof-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        String backendName = h2File != null ? "h2" : "memory";
        MongoVersion v = wireVersion != null ? new WireVersion(wireVersion) : de.bwaldvogel.mongo.ServerVersion.MONGO_5_0;
        String hostForUrl = bound.getAddress().getHostAddress();
        System.out.println("MONGO_SERVER_READY port=" + bound.getPort() + " backend=" + backendName
                + " wire=" + v.getWireVersion() + " version=" + v.toVersionString()
                + " url=mongodb://" + hostForUrl + ":" + bound.getPort());
        System.out.flush();

        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("MongoServerMain: missing value for " + args[i - 1]);
            System.exit(2);
        }
        return args[i];
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /** Reports an arbitrary maxWireVersion with a plausible server version string. */
    private static final class WireVersion implements MongoVersion {
        private final int wire;

        WireVersion(int wire) {
            this.wire = wire;
        }

        @Override
        public List<Integer> getVersionArray() {
            // MongoDB release <-> maxWireVersion
            if (wire >= 25) return List.of(8, 0, 0);
            if (wire >= 21) return List.of(7, 0, 0);
            if (wire >= 17) return List.of(6, 0, 0);
            if (wire >= 13) return List.of(5, 0, 0);
            if (wire >= 9) return List.of(4, 4, 0);
            if (wire >= 8) return List.of(4, 2, 0);
            if (wire >= 7) return List.of(4, 0, 0);
            return List.of(3, 6, 0);
        }

        @Override
        public int getWireVersion() {
            return wire;
        }
    }
}
