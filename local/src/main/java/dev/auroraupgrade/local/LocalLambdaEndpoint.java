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
    private static final ObjectMapper CBOR = new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
    private static final Pattern RPC_V2 = Pattern.compile("^/service/([A-Za-z0-9]+)/operation/([A-Za-z0-9]+)$");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final URI moto;
    private final Map<String, RequestStreamHandler> handlers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lambdaFaults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lostResponses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faultsAfterHandler = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rdsCalls = new ConcurrentHashMap<>();
    private final List<LocalMetrics.Line> metricLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> lastRdsRequests = new ConcurrentHashMap<>();
    private volatile AwsRules rules;
    private volatile IamPolicies stateMachinePolicies;
    /** The AWS Price List API (JSON 1.1): moto has no pricing service; the local layer answers from a fixture. */
    static final String PRICE_LIST_TARGET = "AWSPriceListService.";
    private static final com.fasterxml.jackson.databind.JsonNode PRICE_LIST_FIXTURE = priceListFixture();
    private volatile com.fasterxml.jackson.databind.JsonNode priceList = PRICE_LIST_FIXTURE;
    private volatile String priceListFault;
    /** Application Auto Scaling (JSON 1.1): only the Blue/Green state machine calls it, with its own role. */
    static final String AUTO_SCALING_TARGET = "AnyScaleFrontendService.";
    static final String AUTO_SCALING_CALLER = "BlueGreenUpgradeStateMachine";
    /**
     * AWS Organizations (JSON 1.1): only the fleet state machine calls it (ListAccountsForParent,
     * ListOrganizationalUnitsForParent), with its own role.
     */
    static final String ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128.";
    static final String ORGANIZATIONS_CALLER = "FleetStateMachine";
    /**
     * The state machines that read the Price List before their pre-flight (Workflow.readExtendedSupportPrices). The
     * request does not say which one called, so a GetProducts call is allowed only when every one of their roles
     * grants it: a role without the grant fails every call here, as it would fail that machine's in AWS.
     */
    static final List<String> PRICE_LIST_CALLERS = List.of("BlueGreenUpgradeStateMachine",
            "MigrateServerlessV1ToV2StateMachine", "ServerlessV2InPlaceStateMachine", "RehearseUpgradeStateMachine");
    /** Accounts a member stack was deployed in (an organization-wide fleet's children run their handlers there). */
    private final Set<String> memberAccounts = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<String> MEMBER_ACCOUNT = new ThreadLocal<>();
    private static final ThreadLocal<String> RDS_REQUEST_ACCOUNT = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicBoolean rollBackSwitchover = new java.util.concurrent.atomic.AtomicBoolean();

    public LocalLambdaEndpoint(int port, URI moto, Map<String, RequestStreamHandler> handlers) throws IOException {
        this.moto = moto;
        this.handlers = handlers;
        LocalMetrics.install();
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

    /**
     * The next switchover request is answered as accepted but never reaches moto, as when RDS starts a
     * switchover and rolls it back (SWITCHOVER_FAILED): moto would rename the clusters at once. Pair it with
     * {@code PendingStatusInterceptor.failAfter("switchover", "SWITCHOVER_FAILED")}.
     */
    public void rollBackNextSwitchover() {
        rollBackSwitchover.set(true);
    }

    /**
     * Application Auto Scaling requests, which only the Blue/Green state machine makes (AWS SDK integrations), are
     * checked against that state machine's role in template.yaml before they reach moto.
     */
    void useStateMachinePolicies(IamPolicies policies) {
        this.stateMachinePolicies = policies;
    }

    /**
     * GetProducts answers with {@code products} (each a Price List product, as the fixture holds them) instead of the
     * fixture, until {@link #clearFaults}.
     */
    public void servePriceList(com.fasterxml.jackson.databind.JsonNode products) {
        priceList = products;
    }

    /**
     * Every Price List call fails with {@code errorType} (HTTP 400, as the API answers; for example the state machine's
     * Region has no Price List endpoint) until {@link #clearFaults}.
     */
    public void failPriceList(String errorType) {
        priceListFault = errorType;
    }

    /**
     * Functions invoked by ARN in this account (a member stack's state machines name them so) act in its emulator
     * state: their RDS calls carry moto's account header ({@link #memberAccount()}).
     */
    void memberAccount(String account) {
        memberAccounts.add(account);
    }

    /** The member account whose function runs on this thread, or null (the stack's own account). */
    static String memberAccount() {
        return MEMBER_ACCOUNT.get();
    }

    /**
     * The emulator account of the RDS request the rules are judging on this thread (a member stack's function sends
     * its account), or null (moto's default account): the rules read and act in the account the request is for.
     */
    static String rdsRequestAccount() {
        return RDS_REQUEST_ACCOUNT.get();
    }

    /** RDS requests are checked against what AWS refuses before they reach moto. */
    void useRules(AwsRules rules) {
        this.rules = rules;
    }

    /**
     * The next {@code times} RDS calls of {@code action} reach moto and take effect, but their response is lost
     * (HTTP 500), so the SDK retries a call RDS already applied.
     */
    public void loseResponses(String action, int times) {
        lostResponses.put(action, new AtomicInteger(times));
    }

    /**
     * The next {@code times} invocations of the function run the handler (its AWS calls take effect) and then
     * fail as a Lambda service error, so Step Functions retries a step that already did its work.
     */
    public void failAfterHandler(String functionLogicalId, int times) {
        faultsAfterHandler.put(functionLogicalId, new AtomicInteger(times));
    }

    /** How many RDS requests of an action reached the rules or moto (refused ones included, throttled ones not). */
    public int rdsCalls(String action) {
        AtomicInteger n = rdsCalls.get(action);
        return n == null ? 0 : n.get();
    }

    /**
     * The parameters of the last RDS request of an action (query protocol), for tests that check what the
     * workflow asked AWS for where moto would fill in the same value by itself.
     */
    public Map<String, String> lastRdsRequest(String action) {
        return lastRdsRequests.getOrDefault(action, Map.of());
    }

    /** Drops faults that were injected but not used up. */
    public void clearFaults() {
        lambdaFaults.clear();
        throttles.clear();
        lostResponses.clear();
        faultsAfterHandler.clear();
        rollBackSwitchover.set(false);
        priceList = PRICE_LIST_FIXTURE;
        priceListFault = null;
    }

    /** The EMF lines the handlers logged, in order (what CloudWatch Logs would turn into metrics). */
    public List<LocalMetrics.Line> metricLines() {
        return List.copyOf(metricLines);
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
                String raw = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                String account = raw.startsWith("arn:") && raw.split(":").length > 4 ? raw.split(":")[4] : null;
                MEMBER_ACCOUNT.set(account != null && memberAccounts.contains(account) ? account : null);
                try {
                    invoke(exchange, functionName(raw), body);
                } finally {
                    MEMBER_ACCOUNT.remove();
                }
            } else if (action(body).equals("SwitchoverBlueGreenDeployment") && rollBackSwitchover.getAndSet(false)) {
                Matcher id = Pattern.compile("BlueGreenDeploymentIdentifier=([^&]+)").matcher(new String(body, StandardCharsets.UTF_8));
                String deployment = id.find() ? URLDecoder.decode(id.group(1), StandardCharsets.UTF_8) : "unknown";
                reply(exchange, 200, "text/xml", ("<SwitchoverBlueGreenDeploymentResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                        + "<SwitchoverBlueGreenDeploymentResult><BlueGreenDeployment><BlueGreenDeploymentIdentifier>" + deployment
                        + "</BlueGreenDeploymentIdentifier><Status>SWITCHOVER_IN_PROGRESS</Status></BlueGreenDeployment>"
                        + "</SwitchoverBlueGreenDeploymentResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></SwitchoverBlueGreenDeploymentResponse>").getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (throttled(body)) {
                reply(exchange, 400, "text/xml", AwsRules.Reply.error(400, "Throttling", "Rate exceeded").body()
                        .getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (autoScalingDenied(exchange)) {
                return;
            } else if (organizationsDenied(exchange, body)) {
                return;
            } else if (priceList(exchange, body)) {
                return;
            } else if (isRds(body)) {
                forwardRds(exchange, body);
            } else {
                forward(exchange, body);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** RDS (query protocol): the rules first, then moto; a lost response is applied by moto and answered 500. */
    private void forwardRds(HttpExchange exchange, byte[] body) throws IOException {
        RDS_REQUEST_ACCOUNT.set(exchange.getRequestHeaders().getFirst("x-moto-account-id"));
        try {
            forwardRdsInItsAccount(exchange, body);
        } finally {
            RDS_REQUEST_ACCOUNT.remove();
        }
    }

    private void forwardRdsInItsAccount(HttpExchange exchange, byte[] body) throws IOException {
        String action = action(body);
        Map<String, String> params = AwsRules.parse(new String(body, StandardCharsets.UTF_8));
        lastRdsRequests.put(action, params);
        AwsRules current = rules;
        var refusal = current == null ? java.util.Optional.<AwsRules.Reply>empty() : current.before(action, params);
        if (refusal.isPresent()) {
            reply(exchange, refusal.get().status(), "text/xml", refusal.get().body().getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        AtomicInteger lost = lostResponses.get(action);
        if (lost != null && lost.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int status = send(toMoto(exchange, body)).statusCode();
            if (status < 300 && current != null) {
                after(current, action, params);
            }
            reply(exchange, 500, "text/xml", AwsRules.Reply.error(500, "InternalFailure",
                    "injected: the request was applied and its response lost").body().getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        HttpResponse<byte[]> resp = send(toMoto(exchange, body));
        if (resp.statusCode() < 300 && current != null) {
            after(current, action, params);
        }
        relay(exchange, resp);
    }

    /** A rule that fails must not lose moto's answer: the request did take effect. */
    private static void after(AwsRules rules, String action, Map<String, String> params) {
        try {
            rules.after(action, params);
        } catch (RuntimeException e) {
            System.err.println("local rules: " + action + ": " + e);
        }
    }

    private boolean isRds(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        boolean rds = text.contains("Version=2014-10-31") && !action(body).isEmpty();
        if (rds) {
            rdsCalls.computeIfAbsent(action(body), k -> new AtomicInteger()).incrementAndGet();
        }
        return rds;
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
            IamEnforcer.runAs(function, () -> LocalMetrics.during(metricLines, () -> {
                try {
                    handler.handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(function));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            AtomicInteger after = faultsAfterHandler.get(function);
            if (after != null && after.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(exchange, 500, "application/json",
                        "{\"Type\":\"Service\",\"message\":\"injected Lambda service error after the handler ran\"}"
                                .getBytes(StandardCharsets.UTF_8), Map.of("X-Amzn-ErrorType", "ServiceException"));
                return;
            }
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

    /**
     * AWS Organizations' ListAccountsForParent and ListOrganizationalUnitsForParent (JSON 1.1), which only the fleet
     * state machine calls (fleet input organization), with its own role: each authorised on the OU it lists (Service Authorization Reference, AWS
     * Organizations: arn:aws:organizations::<management account>:ou/o-<organization>/ou-<ou>). The ARN is built from
     * what moto answers the same caller for DescribeOrganization; a caller in no organization is left to moto's answer.
     */
    private boolean organizationsDenied(HttpExchange exchange, byte[] body) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        IamPolicies policies = stateMachinePolicies;
        if (target == null || !target.startsWith(ORGANIZATIONS_TARGET) || policies == null) {
            return false;
        }
        String operation = target.substring(ORGANIZATIONS_TARGET.length());
        HttpRequest.Builder describe = HttpRequest.newBuilder(moto.resolve("/")).timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", ORGANIZATIONS_TARGET + "DescribeOrganization");
        for (String header : List.of("Authorization", "x-moto-account-id")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                describe.header(header, value);
            }
        }
        HttpResponse<byte[]> organization = send(describe.build());
        if (organization.statusCode() != 200) {
            return false;
        }
        var org = JSON.readTree(organization.body()).path("Organization");
        String parent = JSON.readTree(body).path("ParentId").asText();
        String arn = "arn:aws:organizations::" + org.path("MasterAccountId").asText() + ":" + (parent.startsWith("r-")
                ? "root/" : "ou/") + org.path("Id").asText() + "/" + parent;
        var decision = policies.decide(ORGANIZATIONS_CALLER, "organizations:" + operation, List.of(arn), a -> Map.of());
        if (decision.allowed()) {
            return false;
        }
        reply(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(Map.of("__type", "AccessDeniedException",
                "Message", decision.reason())), Map.of("X-Amzn-ErrorType", "AccessDeniedException"));
        return true;
    }

    /**
     * Service Authorization Reference, Application Auto Scaling: the Describe actions have no resource type ("*");
     * RegisterScalableTarget and PutScalingPolicy are authorised on the scalable target, an ARN ending in an id AWS
     * generates, so any id of the account stands for it here.
     */
    private boolean autoScalingDenied(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        IamPolicies policies = stateMachinePolicies;
        if (target == null || !target.startsWith(AUTO_SCALING_TARGET) || policies == null) {
            return false;
        }
        String operation = target.substring(AUTO_SCALING_TARGET.length());
        String resource = operation.startsWith("Describe") ? "*" : "arn:aws:application-autoscaling:" + IamPolicies.REGION
                + ":" + IamPolicies.ACCOUNT + ":scalable-target/local";
        var decision = policies.decide(AUTO_SCALING_CALLER, "application-autoscaling:" + operation, List.of(resource),
                arn -> Map.of());
        if (!decision.allowed()) {
            reply(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(Map.of("__type", "AccessDeniedException",
                    "message", decision.reason())), Map.of("X-Amzn-ErrorType", "AccessDeniedException"));
            return true;
        }
        if (operation.equals("RegisterScalableTarget")) {
            String missing = missingValidationPermission(policies);
            if (missing != null) {
                reply(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(Map.of("__type", "ValidationException",
                        "message", "the caller is not authorized to perform " + missing + " (Application Auto Scaling "
                                + "validates the caller's permissions on the Aurora cluster)")),
                        Map.of("X-Amzn-ErrorType", "ValidationException"));
                return true;
            }
        }
        return false;
    }

    /**
     * What Application Auto Scaling checks of the caller before RegisterScalableTarget on an Aurora cluster (User Guide,
     * "Permissions validation for API calls on target resources"): the first RDS action the caller's role does not
     * allow on the resources those probes name, or null.
     */
    private static String missingValidationPermission(IamPolicies policies) {
        String rds = "arn:aws:rds:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":";
        var probes = new java.util.LinkedHashMap<String, String>();
        probes.put("rds:CreateDBInstance", rds + "db:");
        probes.put("rds:DeleteDBInstance", rds + "db:");
        probes.put("rds:AddTagsToResource", "arn:aws:rds:" + IamPolicies.REGION + ":12345:db:non-existing-db");
        probes.put("rds:DescribeDBClusters", rds + "cluster:validation");
        probes.put("rds:DescribeDBInstances", rds + "db:validation");
        for (var probe : probes.entrySet()) {
            if (!policies.decide(AUTO_SCALING_CALLER, probe.getKey(), List.of(probe.getValue()), arn -> Map.of()).allowed()) {
                return probe.getKey();
            }
        }
        return null;
    }

    /**
     * AWSPriceListService.GetProducts from the fixture, filtered by the request's TERM_MATCH (equal) and CONTAINS
     * (substring) filters on product attributes, each product a JSON string as the API returns it (GetProducts API
     * reference: PriceList is a list of JSON strings). Checked against the roles of every state machine that reads it
     * ({@link #PRICE_LIST_CALLERS}).
     */
    private boolean priceList(HttpExchange exchange, byte[] body) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(PRICE_LIST_TARGET)) {
            return false;
        }
        String operation = target.substring(PRICE_LIST_TARGET.length());
        IamPolicies policies = stateMachinePolicies;
        var decision = policies == null ? null : PRICE_LIST_CALLERS.stream().map(caller -> policies.decide(caller,
                "pricing:" + operation, List.of("*"), arn -> Map.of())).filter(d -> !d.allowed()).findFirst()
                .orElse(policies.decide(PRICE_LIST_CALLERS.get(0), "pricing:" + operation, List.of("*"), arn -> Map.of()));
        String fault = priceListFault;
        if (decision != null && !decision.allowed()) {
            fault = "AccessDeniedException";
        }
        if (fault != null || !operation.equals("GetProducts")) {
            String type = fault != null ? fault : "InvalidParameterException";
            reply(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(Map.of("__type", type, "message",
                    fault == null ? "the local layer serves GetProducts only" : decision != null && !decision.allowed()
                            ? decision.reason() : "injected: the Price List API did not answer")),
                    Map.of("X-Amzn-ErrorType", type));
            return true;
        }
        var request = JSON.readTree(body);
        var out = JSON.createArrayNode();
        for (var product : priceList) {
            boolean match = request.path("ServiceCode").asText().equals(product.path("serviceCode").asText());
            for (var f : request.path("Filters")) {
                String actual = product.path("product").path("attributes").path(f.path("Field").asText()).asText(null);
                String wanted = f.path("Value").asText();
                match &= actual != null && ("CONTAINS".equals(f.path("Type").asText()) ? actual.contains(wanted)
                        : actual.equals(wanted));
            }
            if (match) {
                out.add(JSON.writeValueAsString(product));
            }
        }
        var answer = JSON.createObjectNode();
        answer.put("FormatVersion", "aws_v1");
        answer.set("PriceList", out);
        reply(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer), Map.of());
        return true;
    }

    private static com.fasterxml.jackson.databind.JsonNode priceListFixture() {
        try (var in = LocalLambdaEndpoint.class.getResourceAsStream("/price-list-extended-support.json")) {
            return JSON.readTree(in).path("products");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean throttled(byte[] body) {
        AtomicInteger left = throttles.get(action(body));
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** The query-protocol Action of a request body, or "" for other protocols. */
    private static String action(byte[] body) {
        Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "";
    }

    /**
     * The AWS SDK v2 speaks Smithy RPCv2-CBOR to CloudWatch; moto 5.2.1 serves CloudWatch only over the JSON and
     * query protocols. The same operation is sent to moto as JSON and its answer returned as CBOR.
     */
    private void forwardRpcV2AsJson(HttpExchange exchange, String service, String operation, byte[] body) throws IOException {
        byte[] json = body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(CBOR.readTree(body));
        HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve("/")).timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", service + "." + operation);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            req.header("Authorization", auth);
        }
        HttpResponse<byte[]> resp = send(req.build());
        byte[] cbor = CBOR.writeValueAsBytes(resp.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(resp.body()));
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        reply(exchange, resp.statusCode(), "application/cbor", cbor, Map.of());
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        Matcher rpc = RPC_V2.matcher(exchange.getRequestURI().getRawPath());
        if (rpc.matches()) {
            forwardRpcV2AsJson(exchange, rpc.group(1), rpc.group(2), body);
            return;
        }
        relay(exchange, send(toMoto(exchange, body)));
    }

    private HttpRequest toMoto(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofMinutes(5))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> req.header(name, v));
            }
        });
        return req.build();
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> resp) throws IOException {
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

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
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
