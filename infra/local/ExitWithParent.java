import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits the JVM (through System.exit, so shutdown hooks run) when stdin
 * reaches EOF, i.e. when the parent process that holds the write end of the pipe is gone, even if
 * it was SIGKILLed. Used to launch Kafka from infra/local/index.js:
 *
 * <pre>
 * java -cp '&lt;kafka-libs&gt;/*:&lt;classes&gt;' ExitWithParent kafka.Kafka server.properties
 * </pre>
 *
 * If the shutdown hooks take longer than 20 s after stdin closed, the JVM is halted.
 */
public final class ExitWithParent {

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ExitWithParent <main-class> [args...]");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> {
            try {
                byte[] buf = new byte[256];
                while (System.in.read(buf) >= 0) { /* ignore input */ }
            } catch (Throwable ignored) {
                // stdin broken: same as EOF
            }
            System.err.println("ExitWithParent: stdin closed (parent gone), shutting down " + args[0]);
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException ignored) {
                }
                Runtime.getRuntime().halt(1);
            }, "exit-with-parent-halter");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        }, "exit-with-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
