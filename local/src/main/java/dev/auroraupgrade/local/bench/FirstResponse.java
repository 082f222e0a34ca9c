package dev.auroraupgrade.local.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.auroraupgrade.common.Priming;
import dev.auroraupgrade.local.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, in a fresh JVM whose classpath is what Lambda loads (the function jar and its dependencies):
 * builds the handler as the Lambda runtime does (no-argument constructor: clients built once), optionally primes
 * it as a SnapStart checkpoint would, invokes it once with its sample event, and prints the timings as one line:
 * logging started, handler built, primed, invoked (ms), the wall clock at the response, and the answer.
 */
public final class FirstResponse {
    private FirstResponse() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        boolean prime = args.length > 2 && args[2].equals("--prime");
        // Logging starts first on its own (a handler with an SDK client starts it while building the client; one
        // without, at its first invocation), so its share of the cold start is reported apart.
        long tl = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(FirstResponse.class).debug("logging started");
        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(handlerClass).getConstructor().newInstance();
        long t1 = System.nanoTime();
        if (prime) {
            Priming.primeNow();
        }
        long t2 = System.nanoTime();
        String ok = "ok";
        try {
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), new LocalContext("bench"));
        } catch (RuntimeException e) {
            ok = e.getClass().getSimpleName(); // an error answer is still the first response
        }
        long t3 = System.nanoTime();
        System.out.println("RESULT " + ms(t0 - tl) + " " + ms(t1 - t0) + " " + ms(t2 - t1) + " " + ms(t3 - t2) + " " + System.currentTimeMillis()
                + " " + ok);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
