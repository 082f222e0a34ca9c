package dev.auroraupgrade.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What `sam local start-lambda` does, without Docker: serves the Lambda Invoke call with the project's real
 * handler classes. moto's Step Functions interpreter sends every task to this port, so every other request
 * is forwarded to moto unchanged. Faults a real AWS can produce (a Lambda service error, RDS throttling) can
 * be injected here, at the wire, on top of the real emulator.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "date");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final URI moto;
    private final Map<String, RequestStreamHandler> handlers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lambdaFaults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();

    public LocalLambdaEndpoint(int port, URI moto, Map<String, RequestStreamHandler> handlers) throws IOException {
        this.moto = moto;
        this.handlers = handlers;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::route);
        server.setExecutor(executor);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} invocations of the function fail as a Lambda service error (HTTP 500). */
    public void failInvocations(String functionLogicalId, int times) {
        lambdaFaults.put(functionLogicalId, new AtomicInteger(times));
    }

    /** The next {@code times} RDS calls of {@code action} answer HTTP 400 Throttling, as RDS does under load. */
    public void throttleRds(String action, int times) {
        throttles.put(action, new AtomicInteger(times));
    }

    /** Drops faults that were injected but not used up. */
    public void clearFaults() {
        lambdaFaults.clear();
        throttles.clear();
    }

    /** How often a function was invoked (including invocations that failed). */
    public int invocations(String functionLogicalId) {
        AtomicInteger n = invocations.get(functionLogicalId);
        return n == null ? 0 : n.get();
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (m.matches() && "POST".equals(exchange.getRequestMethod())) {
                invoke(exchange, functionName(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)), body);
            } else if (throttled(body)) {
                reply(exchange, 400, "text/xml", ("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                        + "<Message>Rate exceeded</Message></Error><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8), Map.of());
            } else {
                forward(exchange, body);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** "arn:aws:lambda:us-east-1:123:function:Name:live" or "Name:live" or "Name" -> "Name". */
    static String functionName(String raw) {
        String[] parts = raw.split(":");
        return raw.startsWith("arn:") ? parts[6] : parts[0];
    }

    private void invoke(HttpExchange exchange, String function, byte[] payload) throws IOException {
        invocations.computeIfAbsent(function, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger faults = lambdaFaults.get(function);
        if (faults != null && faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, 500, "application/json",
                    "{\"Type\":\"Service\",\"message\":\"injected Lambda service error\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Amzn-ErrorType", "ServiceException"));
            return;
        }
        RequestStreamHandler handler = handlers.get(function);
        if (handler == null) {
            reply(exchange, 404, "application/json", ("{\"Type\":\"User\",\"message\":\"Function not found: "
                    + function + "\"}").getBytes(StandardCharsets.UTF_8), Map.of("X-Amzn-ErrorType", "ResourceNotFoundException"));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(function));
            reply(exchange, 200, "application/json", out.toByteArray(), Map.of("X-Amz-Executed-Version", "1"));
        } catch (Throwable t) {
            // What the Lambda runtime sends for an unhandled exception.
            ObjectNode error = JSON.createObjectNode();
            error.put("errorMessage", String.valueOf(t.getMessage()));
            error.put("errorType", t.getClass().getName());
            var trace = error.putArray("stackTrace");
            Arrays.stream(t.getStackTrace()).limit(8).map(StackTraceElement::toString).forEach(trace::add);
            reply(exchange, 200, "application/json", JSON.writeValueAsBytes(error),
                    Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "1"));
        }
    }

    private boolean throttled(byte[] body) {
        if (throttles.isEmpty() || body.length == 0) {
            return false;
        }
        Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
        if (!m.find()) {
            return false;
        }
        AtomicInteger left = throttles.get(m.group(1));
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofMinutes(5))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> req.header(name, v));
            }
        });
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        }
        resp.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] out = resp.body();
        exchange.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
