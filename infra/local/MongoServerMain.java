import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

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
                // so a kill -9 loses nothing acknowledged. H2 commits nothing on its own (no
                // background commit, no commit when unsaved pages pile up): a commit writes documents
                // that commands change in place, so DurableH2Backend commits only while none runs.
                MVStore store = new MVStore.Builder()
                        .fileName(h2File)
                        .autoCommitDisabled()
                        .autoCommitBufferSize(0)
                        .cacheSize(256)
                        .open();
                // H2 keeps replaced chunks 45 s so that a disk reordering writes cannot lose a chunk's
                // ancestors on power loss; the launcher promises survival of the process dying, where the
                // OS holds every write already, so their space may be reused after a second.
                store.setRetentionTime(1_000);
                BsonStorage.upgrade(store);
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
     * <li>A commit runs while no command does ({@link #commands}): the stock update changes a stored
     * document in place, and a commit writing that document meanwhile failed with a
     * ConcurrentModificationException, which closed the store for good.</li>
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
        /** Commands hold it shared, a commit (or a compaction) alone. */
        private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();

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
            commands.writeLock().lock();
            try {
                MVStore store = getMvStore();
                if (store.isClosed() || store.getFileStore().getChunksFillRate() >= COMPACT_BELOW_FILL_RATE) return;
                if (store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_WRITE_LIMIT)) commit();
            } catch (Throwable t) {
                System.err.println("MongoServerMain: compaction failed: " + t);
            } finally {
                commands.writeLock().unlock();
            }
        }

        /** Writes what the commands so far changed, once none is running. */
        private void commitAlone() {
            if (!getMvStore().hasUnsavedChanges()) return;
            commands.writeLock().lock();
            try {
                if (getMvStore().hasUnsavedChanges()) commit();
            } finally {
                commands.writeLock().unlock();
            }
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new BsonH2Database(databaseName);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (depthExceeds(query, MAX_COMMAND_DEPTH)) {
                throw new MongoServerError(15, "Overflow", "document nested deeper than " + MAX_COMMAND_DEPTH + " levels");
            }
            Document answer = null;
            commands.readLock().lock();
            try {
                answer = super.handleCommand(channel, database, command, query);
                return answer;
            } finally {
                commands.readLock().unlock();
                counters.count(command, query, answer);
                // A failed command (a duplicate key half-way through a bulk write) may have changed some.
                // A command run from within another is committed with it (a shared hold cannot become sole).
                if (commands.getReadHoldCount() == 0) commitAlone();
            }
        }

        @Override
        public Document getServerStatus() {
            Document status = super.getServerStatus();
            counters.addTo(status);
            return status;
        }

        /**
         * H2Database with its documents and index keys stored by {@link BsonStorage}: the stock maps
         * open with H2's default type, which writes each document with Java serialization and orders
         * index keys by comparing their serialized bytes (together 40% of the store's CPU in a bench
         * run). An inner class: the super constructor opens the collections before a field of this
         * class could be set, while the enclosing backend (and its store) is already there.
         */
        final class BsonH2Database extends H2Database {
            BsonH2Database(String databaseName) {
                super(databaseName, getMvStore(), getCursorRegistry());
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                String fullName = getFullCollectionNamespace(collectionName);
                return new BsonH2Collection(this, collectionName, options,
                        BsonStorage.openMap(getMvStore(), BsonStorage.DATA_PREFIX + fullName),
                        getMvStore().openMap(BsonStorage.META_PREFIX + fullName), cursorRegistry);
            }

            /** The stock code opens the index's map by name, and a map already open is returned as it is. */
            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                BsonStorage.openMap(getMvStore(), getFullCollectionNamespace(collectionName) + BsonStorage.INDEX_INFIX + indexName);
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }
        }

        /**
         * Stores an updated document as a new object. The stock update changes the stored object in
         * place, then stores it again; a new object for each version lets {@link BsonType} keep the
         * bytes of a version it has encoded.
         *
         * The collection's data size (collStats, dbStats, validate) is measured when asked, not kept
         * up to date on every write: the stock code encodes every document inserted, and both
         * versions of every document updated, once more to measure them (5 to 8% of the store's CPU).
         */
        static final class BsonH2Collection extends H2Collection {
            private final MVMap<Object, Document> documents;

            BsonH2Collection(MongoDatabase database, String name, CollectionOptions options,
                             MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
                super(database, name, options, documents, meta, cursors);
                this.documents = documents;
            }

            @Override
            protected boolean tracksDataSize() {
                return false;
            }

            @Override
            protected int getDataSize() {
                // The stock constructor logs the size it kept before this class's fields are set: nothing to measure yet.
                if (documents == null) return 0;
                long bytes = 0;
                for (Document document : documents.values()) bytes += BsonType.encodedSize(document);
                return (int) Math.min(bytes, Integer.MAX_VALUE);
            }

            @Override
            protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
                super.handleUpdate(position, oldDocument, newDocument.clone());
            }
        }

        /**
         * Whether documents or arrays nest deeper than {@code levels} (the root is one level). The
         * recursion stops at the limit, so the check itself cannot overflow the stack; it allocates
         * nothing (the iterative walk it replaced was 3 to 5% of the store's CPU).
         */
        private static boolean depthExceeds(Object value, int levels) {
            Iterable<?> children;
            if (value instanceof Document) children = ((Document) value).values();
            else if (value instanceof Collection) children = (Collection<?>) value;
            else return false;
            if (levels == 0) return true;
            for (Object child : children) {
                if (depthExceeds(child, levels - 1)) return true;
            }
            return false;
        }
    }

    /**
     * How the H2 file holds documents, their {@code _id}s and unique-index keys: as BSON (the wire's
     * own encoding, so whatever a client could write can be stored), ordered as MongoDB orders
     * values. H2's default type wrote them with Java serialization and ordered index keys by their
     * serialized bytes. Collection metadata keeps H2's default type.
     */
    static final class BsonStorage {
        static final String DATA_PREFIX = "databases.";
        static final String META_PREFIX = "meta.";
        static final String INDEX_INFIX = "._index_";
        /** Written once a file holds its documents as BSON; a file without it is from before. */
        private static final String FORMAT_MAP = "inlet.storage";
        private static final String FORMAT_KEY = "documents";
        private static final String FORMAT = "bson-1";
        private static final String UPGRADE_SUFFIX = ".bson-upgrade";

        private BsonStorage() {
        }

        static <K, V> MVMap<K, V> openMap(MVStore store, String name) {
            return store.openMap(name, new MVMap.Builder<K, V>().keyType(BsonType.INSTANCE).valueType(BsonType.INSTANCE));
        }

        /**
         * Rewrites the documents and index keys of a file written before this format, map by map,
         * under the same names, and marks the file; a new file is only marked. Runs before the
         * backend opens any collection. A map's swap (drop the old, rename the copy) is one commit
         * (H2 commits nothing on its own here): a process that dies half-way leaves each map either
         * old or new, and the next start redoes what is left.
         */
        static void upgrade(MVStore store) {
            MVMap<String, String> format = store.openMap(FORMAT_MAP);
            if (FORMAT.equals(format.get(FORMAT_KEY))) return;
            int rewritten = 0;
            for (String name : store.getMapNames()) {
                boolean documentsOrIndex = name.startsWith(DATA_PREFIX) || (name.contains(INDEX_INFIX) && !name.startsWith(META_PREFIX));
                if (!documentsOrIndex || name.endsWith(UPGRADE_SUFFIX)) continue;
                MVMap<Object, Object> legacy = store.openMap(name);
                MVMap<Object, Object> copy = openMap(store, name + UPGRADE_SUFFIX);
                copy.clear();
                long copied = 0;
                for (Map.Entry<Object, Object> entry : legacy.entrySet()) {
                    copy.put(entry.getKey(), entry.getValue());
                    if (++copied % 10_000 == 0) store.commit(); // keeps what is held in memory bounded
                }
                store.removeMap(legacy);
                store.renameMap(copy, name);
                store.commit();
                rewritten++;
            }
            format.put(FORMAT_KEY, FORMAT);
            store.commit();
            if (rewritten > 0) System.err.println("MongoServerMain: rewrote " + rewritten + " collections and indexes as BSON (the earlier format)");
        }
    }

    /**
     * One stored value (a document, an {@code _id}, an index key or Missing): a tag byte, then BSON.
     * H2 writes every value of a page each time one of them changes, and commits after every
     * command, so a recent document was encoded about five times (measured in a bench run); the
     * bytes of the documents encoded last are kept, by object: a stored document object is not
     * changed (see {@link DurableH2Backend.BsonH2Collection}). Documents read from the file are not
     * kept: those are mostly a scan's, and would push out the recent ones that get written again.
     */
    static final class BsonType extends BasicDataType<Object> {
        static final BsonType INSTANCE = new BsonType();
        private static final long ENCODED_CACHE_BYTES = 16L * 1024 * 1024;
        private final EncodedDocuments encoded = new EncodedDocuments(ENCODED_CACHE_BYTES);
        private static final byte DOCUMENT = 'D';
        private static final byte INDEX_KEY = 'K';
        private static final byte MISSING = 'M';
        private static final byte VALUE = 'V';
        private static final Comparator<Object> ORDER = ValueComparator.asc();

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }

        /** MongoDB's order of values; index keys field by field, as the index compares them. */
        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue && b instanceof KeyValue) {
                KeyValue x = (KeyValue) a;
                KeyValue y = (KeyValue) b;
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = ORDER.compare(x.get(i), y.get(i));
                    if (c != 0) return c;
                }
                return Integer.compare(x.size(), y.size());
            }
            return ORDER.compare(a, b);
        }

        /** An estimate, as H2 asks of a sample of the values to size its cache and pages. */
        @Override
        public int getMemory(Object value) {
            if (value instanceof String) return 40 + 2 * ((String) value).length();
            if (value instanceof Map) {
                int bytes = 64;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) bytes += 48 + getMemory(e.getKey()) + getMemory(e.getValue());
                return bytes;
            }
            if (value instanceof Iterable) {
                int bytes = 40;
                for (Object element : (Iterable<?>) value) bytes += 8 + getMemory(element);
                return bytes;
            }
            return 24;
        }

        @Override
        public void write(WriteBuffer buff, Object value) {
            byte[] bytes = value instanceof Document ? encoded.get((Document) value) : null;
            if (bytes == null) {
                ByteBuf out = Unpooled.buffer(256);
                encode(value, out);
                bytes = Arrays.copyOfRange(out.array(), out.arrayOffset() + out.readerIndex(), out.arrayOffset() + out.writerIndex());
                if (value instanceof Document) encoded.put((Document) value, bytes);
            }
            buff.put(bytes);
        }

        /** A document's size as BSON, from its kept bytes when it has them. */
        static int encodedSize(Document document) {
            byte[] bytes = INSTANCE.encoded.get(document);
            if (bytes != null) return bytes.length - 1; // less the tag
            ByteBuf out = Unpooled.buffer(256);
            encodeDocument(document.entrySet(), out);
            return out.writerIndex();
        }

        private static void encode(Object value, ByteBuf out) {
            if (value instanceof Missing) {
                out.writeByte(MISSING);
            } else if (value instanceof KeyValue) {
                KeyValue key = (KeyValue) value;
                out.writeByte(INDEX_KEY);
                out.writeInt(key.size());
                for (Object part : key) encode(part, out);
            } else if (value instanceof Document) {
                out.writeByte(DOCUMENT);
                encodeDocument(((Document) value).entrySet(), out);
            } else {
                out.writeByte(VALUE);
                encodeDocument(new Document("", value).entrySet(), out);
            }
        }

        /**
         * The bytes of {@code BsonEncoder.encodeDocument}, walking the entries once: the stock encoder
         * looks each key up again (12% of the store's CPU). H2 writes a page's every value each time
         * the page changes, so this runs several times per document written.
         */
        private static void encodeDocument(Iterable<? extends Map.Entry<String, ?>> entries, ByteBuf out) {
            int start = out.writerIndex();
            out.writeIntLE(0); // the length, set below
            for (Map.Entry<String, ?> entry : entries) encodeElement(entry.getKey(), entry.getValue(), out);
            out.writeByte(0);
            out.setIntLE(start, out.writerIndex() - start);
        }

        private static void encodeElement(String name, Object value, ByteBuf out) {
            byte type = BsonEncoder.determineType(value);
            out.writeByte(type);
            out.writeCharSequence(name, StandardCharsets.UTF_8);
            out.writeByte(0);
            if (value instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> map = (Map<String, ?>) value;
                encodeDocument(map.entrySet(), out);
            } else if (value instanceof Collection) {
                int start = out.writerIndex();
                out.writeIntLE(0);
                int i = 0;
                for (Object element : (Collection<?>) value) encodeElement(Integer.toString(i++), element, out);
                out.writeByte(0);
                out.setIntLE(start, out.writerIndex() - start);
            } else {
                BsonEncoder.encodeValue(type, value, out);
            }
        }

        @Override
        public Object read(ByteBuffer buff) {
            byte tag = buff.get();
            switch (tag) {
                case MISSING: return Missing.getInstance();
                case INDEX_KEY: {
                    int size = buff.getInt();
                    List<Object> parts = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) parts.add(read(buff));
                    return new KeyValue(parts);
                }
                case DOCUMENT: return readDocument(buff);
                case VALUE: return readDocument(buff).get("");
                default: throw new IllegalStateException("MongoServerMain: unknown stored value tag " + tag);
            }
        }

        private static Document readDocument(ByteBuffer buff) {
            byte[] bson = new byte[Integer.reverseBytes(buff.getInt(buff.position()))];
            buff.get(bson);
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
        }
    }

    /** The encoded bytes of documents, by object identity, the least recently used dropped past a size. */
    static final class EncodedDocuments {
        private final long maxBytes;
        private long bytes;
        private final LinkedHashMap<Identity, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);

        EncodedDocuments(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized byte[] get(Document document) {
            return entries.get(new Identity(document));
        }

        synchronized void put(Document document, byte[] encoded) {
            byte[] previous = entries.put(new Identity(document), encoded);
            bytes += encoded.length - (previous == null ? 0 : previous.length);
            Iterator<byte[]> oldest = entries.values().iterator();
            while (bytes > maxBytes && oldest.hasNext()) {
                bytes -= oldest.next().length;
                oldest.remove();
            }
        }

        private static final class Identity {
            private final Object object;

            Identity(Object object) {
                this.object = object;
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Identity && ((Identity) other).object == object;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(object);
            }
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
            return list instanceof Collection ? ((Collection<?>) list).size() : 0;
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
