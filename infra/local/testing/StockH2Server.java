import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Test fixture for infra/local/store.int-spec.js: serves a file with mongo-java-server's stock H2
 * backend, the format MongoServerMain's files had before it stored documents as BSON. Prints
 * {@code READY <port>}, and stops (H2 commits on close) when stdin closes.
 */
public final class StockH2Server {
    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new H2Backend(args[0]));
        server.bind("127.0.0.1", 0);
        System.out.println("READY " + server.getLocalAddress().getPort());
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        server.shutdownNow();
    }
}
