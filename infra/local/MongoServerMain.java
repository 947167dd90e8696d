import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

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
                // Every write is committed to the file before it is acknowledged (DurableH2Backend),
                // so a kill -9 loses nothing acknowledged. The 64 MB buffer and 256 MB cache keep
                // the background work (auto-commit of what is left, compaction) rare and large.
                MVStore store = new MVStore.Builder()
                        .fileName(h2File)
                        .autoCommitBufferSize(64 * 1024)
                        .cacheSize(256)
                        .open();
                // H2 keeps replaced chunks 45 s so that a disk reordering writes cannot lose a chunk's
                // ancestors on power loss; the launcher promises survival of the process dying, where the
                // OS holds every write already, so their space may be reused after a second.
                store.setRetentionTime(1_000);
                backend = new DurableH2Backend(store);
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

    /**
     * The H2 backend, made durable and safe against hostile documents:
     * <ul>
     * <li>A command is answered only once what it changed is written to the file (MVStore commit):
     * the stock backend commits once a second, so a kill -9 lost up to a second of acknowledged
     * writes. Concurrent commands share a commit: the first commit writes every change made so far,
     * the later ones find nothing left. A commit is a write to the file, not an fsync: it survives
     * the process dying, not the machine losing power.</li>
     * <li>A command nested deeper than {@link #MAX_COMMAND_DEPTH} levels is refused with an error,
     * as real MongoDB refuses documents nested deeper than 100 levels: serialising one overflowed
     * the MVStore writer's stack, which closed the store and left a file that could not be opened
     * again.</li>
     * <li>{@code serverStatus} answers what it counted since the start, in MongoDB's shapes, so
     * `npm run bench` reads the local server and a real mongod alike ({@link OperationCounters}).</li>
     * </ul>
     */
    static final class DurableH2Backend extends H2Backend {
        /** A stored document may nest 100 levels, as in MongoDB; a command wraps it in a few more. */
        static final int MAX_COMMAND_DEPTH = 120;
        private final OperationCounters counters = new OperationCounters();

        /** Chunks less full than this are rewritten; H2's own housekeeping does it only when the store is idle. */
        static final int COMPACT_BELOW_FILL_RATE = 50;
        /** Bytes of live pages moved per compaction round, so a round stays short beside the writes. */
        static final int COMPACT_WRITE_LIMIT = 16 * 1024 * 1024;

        DurableH2Backend(MVStore store) {
            super(store);
            // One commit per command keeps the store busy, and H2 compacts only an idle store: the file
            // grew to 23 KB per 1 KB event (1.4 GB) under a steady load. Rewriting the emptiest chunks
            // every second bounds it by the live data; the rewrite is committed like any write.
            java.util.concurrent.ScheduledExecutorService compactor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "h2-compactor");
                t.setDaemon(true);
                return t;
            });
            compactor.scheduleWithFixedDelay(this::compactSome, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }

        private void compactSome() {
            try {
                MVStore store = getMvStore();
                if (store.isClosed() || store.getFileStore().getChunksFillRate() >= COMPACT_BELOW_FILL_RATE) return;
                if (store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_WRITE_LIMIT)) commit();
            } catch (Throwable t) {
                System.err.println("MongoServerMain: compaction failed: " + t);
            }
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (depthExceeds(query, MAX_COMMAND_DEPTH)) {
                throw new MongoServerError(15, "Overflow", "document nested deeper than " + MAX_COMMAND_DEPTH + " levels");
            }
            Document answer = null;
            try {
                answer = super.handleCommand(channel, database, command, query);
                return answer;
            } finally {
                counters.count(command, query, answer);
                // A failed command (a duplicate key half-way through a bulk write) may have changed some.
                if (getMvStore().hasUnsavedChanges()) commit();
            }
        }

        @Override
        public Document getServerStatus() {
            Document status = super.getServerStatus();
            counters.addTo(status);
            return status;
        }

        /** Iterative, so that the check itself cannot overflow the stack. */
        private static boolean depthExceeds(Object root, int limit) {
            java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
            stack.push(new Object[] {root, 1});
            while (!stack.isEmpty()) {
                Object[] top = stack.pop();
                int depth = (Integer) top[1];
                Iterable<?> children;
                if (top[0] instanceof Document) children = ((Document) top[0]).values();
                else if (top[0] instanceof java.util.Collection) children = (java.util.Collection<?>) top[0];
                else continue;
                if (depth > limit) return true;
                for (Object child : children) {
                    if (child instanceof Document || child instanceof java.util.Collection) stack.push(new Object[] {child, depth + 1});
                }
            }
            return false;
        }
    }

    /**
     * What the stock server does not count: commands and documents written, answered in
     * {@code serverStatus} as MongoDB does: {@code opcounters} (insert: documents; update and delete:
     * statements; query: find commands; getmore; command: the rest), {@code metrics.commands.<name>}
     * ({@code total}, {@code failed}: one per round trip) and {@code metrics.document} (documents
     * inserted, updated, deleted, read from each command's answer).
     */
    static final class OperationCounters {
        private final Map<String, LongAdder> opcounters = new ConcurrentHashMap<>();
        private final Map<String, LongAdder[]> commands = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> documents = new ConcurrentHashMap<>();

        /** {@code answer} is null when the command failed. */
        void count(String command, Document query, Document answer) {
            LongAdder[] totals = commands.computeIfAbsent(command, c -> new LongAdder[] {new LongAdder(), new LongAdder()});
            totals[0].increment();
            if (answer == null) totals[1].increment();
            switch (command) {
                case "insert": add(opcounters, "insert", sizeOf(query.get("documents"))); break;
                case "update": add(opcounters, "update", sizeOf(query.get("updates"))); break;
                case "delete": add(opcounters, "delete", sizeOf(query.get("deletes"))); break;
                case "find": add(opcounters, "query", 1); break;
                case "getMore": add(opcounters, "getmore", 1); break;
                default: add(opcounters, "command", 1);
            }
            if (answer != null) countDocuments(command, query, answer);
        }

        private void countDocuments(String command, Document query, Document answer) {
            switch (command) {
                case "insert": add(documents, "inserted", longOf(answer.get("n"))); break;
                case "delete": add(documents, "deleted", longOf(answer.get("n"))); break;
                case "update": {
                    long upserted = sizeOf(answer.get("upserted"));
                    add(documents, "inserted", upserted);
                    add(documents, "updated", longOf(answer.get("nModified")));
                    break;
                }
                case "findAndModify": {
                    if (!(answer.get("lastErrorObject") instanceof Document)) break;
                    Document result = (Document) answer.get("lastErrorObject");
                    if (result.get("upserted") != null) add(documents, "inserted", 1);
                    else if (Boolean.TRUE.equals(query.get("remove"))) add(documents, "deleted", longOf(result.get("n")));
                    else if (Boolean.TRUE.equals(result.get("updatedExisting"))) add(documents, "updated", 1);
                    break;
                }
                default:
            }
        }

        void addTo(Document status) {
            status.put("opcounters", totals(opcounters, "insert", "query", "update", "delete", "getmore", "command"));
            Document metrics = status.get("metrics") instanceof Document ? (Document) status.get("metrics") : new Document();
            Document byCommand = new Document();
            commands.forEach((name, t) -> byCommand.put(name, new Document("total", t[0].sum()).append("failed", t[1].sum())));
            metrics.put("commands", byCommand);
            metrics.put("document", totals(documents, "inserted", "updated", "deleted"));
            status.put("metrics", metrics);
        }

        private static Document totals(Map<String, LongAdder> counters, String... names) {
            Document d = new Document();
            for (String name : names) d.put(name, counters.containsKey(name) ? counters.get(name).sum() : 0L);
            return d;
        }

        private static void add(Map<String, LongAdder> counters, String name, long n) {
            if (n > 0) counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
        }

        private static long sizeOf(Object list) {
            return list instanceof java.util.Collection ? ((java.util.Collection<?>) list).size() : 0;
        }

        private static long longOf(Object n) {
            return n instanceof Number ? ((Number) n).longValue() : 0;
        }
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
