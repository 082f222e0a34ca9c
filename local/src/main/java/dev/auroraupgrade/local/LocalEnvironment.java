package dev.auroraupgrade.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Everything a local run needs: moto_server (started here, or an operator's), the local Lambda endpoint
 * with every function of template.yaml, and an RDS client the handlers share, pointed at the emulator
 * through that endpoint so wire-level faults can be injected.
 */
public final class LocalEnvironment implements AutoCloseable {
    private final MotoServer ownMoto;
    private final URI moto;
    private final LocalLambdaEndpoint lambda;
    private final RdsClient rds;
    private final RdsClient cleanRds;
    private final IamEnforcer iam;
    private final AwsRules rules;
    /** The account moto answers for credentials it does not map to one (its interpreter's own service calls). */
    static final String MOTO_DEFAULT_ACCOUNT = "123456789012";
    private final Map<String, String> nestedMachines = new java.util.concurrent.ConcurrentHashMap<>();
    private final PendingStatusInterceptor statuses;
    private final RdsCallLog rdsCalls = new RdsCallLog();
    private final SamTemplate template;
    private final LocalStepFunctions sfn;
    private final CloudWatchClient cloudWatch;
    private final SnsClient sns;
    private final software.amazon.awssdk.services.ssm.SsmClient ssm;
    private final Map<Class<?>, Object> clients;
    private final Map<String, String> topics = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> buckets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path root;

    /**
     * @param existingEmulator an emulator started with MOTO_PORT = lambdaPort, or null to start one here
     * @param lambdaPort       0 picks a free port (only when this starts the emulator)
     */
    public static LocalEnvironment start(Path root, URI existingEmulator, int lambdaPort, int pendingPolls, Path workDir)
            throws IOException {
        Files.createDirectories(workDir);
        MotoServer own = null;
        URI moto = existingEmulator;
        int port = lambdaPort == 0 ? freePort() : lambdaPort;
        if (moto == null) {
            own = MotoServer.start(freePort(), port, workDir.resolve("moto_server.log"));
            moto = own.endpoint();
        } else if (!MotoServer.isUp(moto)) {
            throw new IOException("no emulator answers at " + moto);
        }
        try {
            return new LocalEnvironment(root, own, moto, port, pendingPolls);
        } catch (IOException | RuntimeException e) {
            if (own != null) {
                own.close();
            }
            throw e;
        }
    }

    private LocalEnvironment(Path root, MotoServer own, URI moto, int lambdaPort, int pendingPolls) throws IOException {
        this.ownMoto = own;
        this.root = root;
        this.moto = moto;
        this.template = SamTemplate.load(root);
        // The handlers run in this JVM: the stack's environment reaches them as system properties (Settings).
        template.environment().forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        this.statuses = new PendingStatusInterceptor(pendingPolls);
        URI proxy = URI.create("http://127.0.0.1:" + lambdaPort);
        // Straight to moto, with no local layer: what tests judge final state with, and what the rules read (in the
        // account of the request they judge: IN_RULES_ACCOUNT).
        this.cleanRds = RdsClient.builder()
                .endpointOverride(moto)
                .region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(IN_RULES_ACCOUNT))
                .build();
        this.iam = new IamEnforcer(IamPolicies.load(root), cleanRds);
        this.rds = RdsClient.builder()
                .endpointOverride(proxy)
                .region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(rdsCalls).addExecutionInterceptor(iam)
                        .addExecutionInterceptor(statuses).addExecutionInterceptor(IN_MEMBER_ACCOUNT))
                .build();
        this.rules = new AwsRules(cleanRds, statuses);
        statuses.switchoverMembers(rules::switchoverDetails);
        // A member stack's function reads its own account's metrics and parameters (a member's rehearsal records live
        // in the member account), as its RDS calls do.
        this.cloudWatch = CloudWatchClient.builder().endpointOverride(proxy).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(iam)
                        .addExecutionInterceptor(IN_MEMBER_ACCOUNT)).build();
        this.sns = SnsClient.builder().endpointOverride(proxy).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        // Step Functions as the fleet's handlers see it: moto's default account, where nested children run.
        SfnClient handlerSfn = SfnClient.builder().endpointOverride(moto).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(iam)).build();
        this.ssm = software.amazon.awssdk.services.ssm.SsmClient.builder().endpointOverride(proxy)
                .region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(iam)
                        .addExecutionInterceptor(IN_MEMBER_ACCOUNT)).build();
        // STS as the handlers see it (moto's, with the trust policies enforced by moto_server_patched.py), and member
        // accounts' clients built with the credentials it hands out: moto maps those keys to the member account. RDS
        // goes through the local layer, checked against the member stack's FleetMemberRole; Step Functions (the
        // failure budget's ListExecutions) straight to moto, not checked.
        software.amazon.awssdk.services.sts.StsClient sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(proxy).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        IamEnforcer memberIam = iam.as("FleetMemberRole");
        URI motoUri = moto;
        dev.auroraupgrade.common.MemberClients.Factory members = new dev.auroraupgrade.common.MemberClients.Factory() {
            @Override
            public RdsClient rds(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials, String region) {
                return RdsClient.builder().endpointOverride(proxy).region(Region.of(region)).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(rdsCalls)
                                .addExecutionInterceptor(memberIam).addExecutionInterceptor(statuses)).build();
            }

            @Override
            public SfnClient sfn(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials, String region) {
                return SfnClient.builder().endpointOverride(motoUri).region(Region.of(region)).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build();
            }
        };
        // S3 as the summarizing function sees it: moto's, path style (moto serves no bucket host names here), with
        // the function's role checked on every call.
        software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(moto).forcePathStyle(true).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(iam)).build();
        this.clients = Map.of(software.amazon.awssdk.services.s3.S3Client.class, s3, RdsClient.class, rds, CloudWatchClient.class, cloudWatch, SnsClient.class, sns,
                SfnClient.class, handlerSfn, software.amazon.awssdk.services.ssm.SsmClient.class, ssm,
                software.amazon.awssdk.services.sts.StsClient.class, sts, dev.auroraupgrade.common.MemberClients.Factory.class, members);
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        template.handlers().forEach((fn, handler) -> handlers.put(fn, instantiate(handler, clients)));
        this.lambda = new LocalLambdaEndpoint(lambdaPort, moto, handlers);
        lambda.useRules(rules);
        lambda.useStateMachinePolicies(iam.policies());
        this.sfn = new LocalStepFunctions(moto);
        sfn.enableExecution();
    }

    /**
     * The handler class named in the template, built with its constructor that takes only AWS clients (or, for a
     * handler that calls no AWS API, its only constructor).
     */
    static RequestStreamHandler instantiate(String handler, Map<Class<?>, Object> clients) {
        String className = handler.replaceFirst("::.*$", "");
        try {
            Class<?> type = Class.forName(className);
            // The constructor taking the most clients, as the handler's own no-argument constructor would build them.
            Constructor<?>[] constructors = type.getConstructors();
            java.util.Arrays.sort(constructors, java.util.Comparator.comparingInt(Constructor<?>::getParameterCount).reversed());
            for (Constructor<?> c : constructors) {
                if (c.getParameterCount() > 0 && clients.keySet().containsAll(List.of(c.getParameterTypes()))) {
                    Object[] args = java.util.Arrays.stream(c.getParameterTypes()).map(clients::get).toArray();
                    return (RequestStreamHandler) c.newInstance(args);
                }
            }
            if (type.getConstructors().length == 1 && type.getConstructors()[0].getParameterCount() == 0) {
                return (RequestStreamHandler) type.getConstructors()[0].newInstance(); // a handler that calls no AWS API
            }
            throw new NoSuchMethodException(className + " has no constructor taking only AWS clients");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + handler + " which cannot be built", e);
        }
    }

    /** The handler class named in the template for a function, built with the local clients. */
    public RequestStreamHandler handler(String functionLogicalId) {
        return instantiate(template.handlers().get(functionLogicalId), clients);
    }

    /** The local ARN of a template resource a definition names: a function, or an SNS topic created on demand. */
    private String arnOf(String logicalId, String account) {
        String type = template.resourceTypes().get(logicalId);
        if ("AWS::Serverless::Function".equals(type)) {
            return SamTemplate.functionArn(LocalStepFunctions.REGION, account, logicalId);
        }
        if ("AWS::Serverless::StateMachine".equals(type)) {
            // A state machine the definition starts (nested execution). moto's interpreter makes that call with its
            // own credentials, so in moto's default account: the child is created there, once.
            return nestedMachines.computeIfAbsent(logicalId, k -> sfn.create(MOTO_DEFAULT_ACCOUNT, logicalId,
                    template.stateMachines().get(logicalId).localDefinition(id -> arnOf(id, MOTO_DEFAULT_ACCOUNT))));
        }
        if ("AWS::S3::Bucket".equals(type)) {
            // Created in moto's default account, where moto's interpreter writes (its own keys): one per emulator.
            return buckets.computeIfAbsent(logicalId, id -> {
                String name = bucketPrefix(id) + LocalStepFunctions.newAccount();
                s3Request("PUT", "/" + name, null);
                return name;
            });
        }
        if ("AWS::SNS::Topic".equals(type)) {
            return topics.computeIfAbsent(logicalId, id -> sns.createTopic(r -> r.name("local-" + id)).topicArn());
        }
        throw new IllegalStateException("no local stand-in for " + logicalId + " (" + type + ")");
    }

    /**
     * The local ARN of a state machine of the template that others start as a nested child (it runs in moto's
     * default account, created on first use), and the account.
     */
    public String nestedStateMachineArn(String logicalId) {
        return arnOf(logicalId, MOTO_DEFAULT_ACCOUNT);
    }

    /** The executions of a nested state machine whose names start with {@code prefix}, oldest first. */
    public List<LocalStepFunctions.ExecutionSummary> nestedExecutions(String logicalId, String prefix) {
        return sfn.executions(nestedStateMachineArn(logicalId), MOTO_DEFAULT_ACCOUNT, prefix);
    }

    /** The executions of a member stack's state machine in {@code account} ({@link #deployMemberStack}) named with the prefix. */
    public List<LocalStepFunctions.ExecutionSummary> memberExecutions(String account, dev.auroraupgrade.workflow.WorkflowKind kind,
                                                                      String prefix) {
        return sfn.executions(dev.auroraupgrade.fleet.FleetTargets.machineArn("aws", account, LocalStepFunctions.REGION, kind),
                account, prefix);
    }

    /** Runs one execution of a state machine of the template, in a fresh emulator account. */
    public LocalStepFunctions.Execution execute(String stateMachineLogicalId, String executionName, String input,
                                                Duration timeout) {
        return start(stateMachineLogicalId, executionName, input).await(timeout);
    }

    /** Starts one execution without waiting (for approvals and mid-run changes), in a fresh emulator account. */
    public LocalStepFunctions.Running start(String stateMachineLogicalId, String executionName, String input) {
        SamTemplate.StateMachine machine = template.stateMachines().get(stateMachineLogicalId);
        if (machine == null) {
            throw new IllegalArgumentException("template.yaml has no state machine " + stateMachineLogicalId);
        }
        String account = LocalStepFunctions.newAccount();
        String definition = machine.localDefinition(id -> arnOf(id, account));
        return sfn.start(account, stateMachineLogicalId + "-" + executionName, definition, executionName, input);
    }

    /**
     * As above, in an account chosen beforehand, on one state machine named as its logical id there, so that its ARN is
     * known first ({@link #stateMachineArn}) and several executions share it (a fleet and its resumed run).
     */
    public LocalStepFunctions.Running start(String stateMachineLogicalId, String executionName, String input, String account) {
        SamTemplate.StateMachine machine = template.stateMachines().get(stateMachineLogicalId);
        if (machine == null) {
            throw new IllegalArgumentException("template.yaml has no state machine " + stateMachineLogicalId);
        }
        String definition = machine.localDefinition(id -> arnOf(id, account));
        return sfn.startOn(account, stateMachineLogicalId, definition, executionName, input);
    }

    /** The local ARN of the template's SNS topic (created on first use). */
    public String topicArn(String logicalId) {
        return arnOf(logicalId, null);
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    /** Parameter Store as the handlers see it (rehearsal records). */
    public software.amazon.awssdk.services.ssm.SsmClient ssm() {
        return ssm;
    }

    public SnsClient sns() {
        return sns;
    }

    public RdsClient rds() {
        return rds;
    }

    /**
     * An RDS client straight to moto: no injected statuses, faults or rules. Tests judge the state AWS would
     * hold through this, never through {@link #rds()}.
     */
    public RdsClient cleanRds() {
        return cleanRds;
    }

    /** Each function's role from template.yaml, enforced on every call its handler makes (tests may revoke grants). */
    public IamPolicies iam() {
        return iam.policies();
    }

    /** The account's DB cluster and instance quotas the local layer reports and enforces (default 40 and 40). */
    public void quotas(int clusters, int instances) {
        rules.quotas(clusters, instances);
    }

    /** A zero-ETL integration from {@code sourceArn} as RDS would list it; a null source deletes it. */
    /** The cluster's data fails the engine's upgrade checks: its major upgrades, and its clones', are cancelled. */
    public void failUpgradePrechecks(String clusterId) {
        rules.failUpgradePrechecks(clusterId);
    }

    public void zeroEtlIntegration(String name, String sourceArn, String targetArn) {
        rules.integration(name, sourceArn, targetArn);
    }

    /** The dated engine-version fixture the local layer answers from (tests may change a version, then reset). */
    EngineVersionFixture engineVersions() {
        return rules.versions();
    }

    /** Whether DescribeDBEngineVersions is answered from the dated fixture (default) or left unimplemented. */
    public void serveEngineVersions(boolean serve) {
        rules.serveEngineVersions(serve);
    }

    /**
     * How many databases (rows of pg_database) an Aurora PostgreSQL cluster holds; what Blue/Green logical
     * replication is sized against. The RDS API cannot see it; default {@value AwsRules#DEFAULT_POSTGRES_DATABASES}.
     */
    public void postgresDatabases(String clusterId, int count) {
        rules.postgresDatabases(clusterId, count);
    }

    public LocalLambdaEndpoint lambda() {
        return lambda;
    }

    /** Every RDS call the handlers attempted. */
    public RdsCallLog rdsCalls() {
        return rdsCalls;
    }

    public PendingStatusInterceptor statuses() {
        return statuses;
    }

    public LocalStepFunctions stepFunctions() {
        return sfn;
    }

    public SamTemplate template() {
        return template;
    }

    /** A member stack's function acts in its own account: moto's account header on its RDS calls. */
    private static final software.amazon.awssdk.core.interceptor.ExecutionInterceptor IN_MEMBER_ACCOUNT =
            inAccount(LocalLambdaEndpoint::memberAccount);
    /** The rules act in the account of the RDS request they judge (a member's, or moto's default). */
    private static final software.amazon.awssdk.core.interceptor.ExecutionInterceptor IN_RULES_ACCOUNT =
            inAccount(LocalLambdaEndpoint::rdsRequestAccount);

    /** moto's account header on each request, the account {@code account} names on the calling thread (null: none). */
    private static software.amazon.awssdk.core.interceptor.ExecutionInterceptor inAccount(
            java.util.function.Supplier<String> account) {
        return new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                    software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                String id = account.get();
                return id == null ? context.httpRequest()
                        : context.httpRequest().toBuilder().putHeader("x-moto-account-id", id).build();
            }
        };
    }

    /**
     * A member stack in {@code account} (template.yaml with OrchestratorAccountId set), as far as a fleet uses it: its
     * role ({@link #deployMemberRole}) and its four per-cluster state machines under their fixed member names, whose
     * functions act in that account, and its in-place machine starts its nested Blue/Green in that account too.
     */
    public void deployMemberStack(String account, String fleetStateMachineArn) {
        deployMemberRole(account, fleetStateMachineArn);
        lambda.memberAccount(account);
        Map<String, dev.auroraupgrade.workflow.WorkflowKind> kinds = Map.of(
                "MigrateServerlessV1ToV2StateMachine", dev.auroraupgrade.workflow.WorkflowKind.MIGRATE,
                "BlueGreenUpgradeStateMachine", dev.auroraupgrade.workflow.WorkflowKind.BLUE_GREEN,
                "ServerlessV2InPlaceStateMachine", dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE,
                "RehearseUpgradeStateMachine", dev.auroraupgrade.workflow.WorkflowKind.REHEARSE);
        // The member's state machines start one another (in-place its nested Blue/Green) in the member account, by
        // the fixed member names, as the member stack's DefinitionSubstitutions name them there.
        java.util.function.UnaryOperator<String> inMember = id -> kinds.containsKey(id)
                ? dev.auroraupgrade.fleet.FleetTargets.machineArn("aws", account, LocalStepFunctions.REGION, kinds.get(id))
                : arnOf(id, account);
        kinds.forEach((logicalId, kind) -> sfn.create(account, dev.auroraupgrade.fleet.FleetTargets.machineName(kind),
                template.stateMachines().get(logicalId).localDefinition(inMember)));
    }

    /** The ARN of the state machine {@link #start(String, String, String, String)} runs in {@code account}. */
    public static String stateMachineArn(String logicalId, String account) {
        return "arn:aws:states:" + LocalStepFunctions.REGION + ":" + account + ":stateMachine:" + logicalId;
    }

    /** An RDS client straight to moto in another emulator account (a member account's clusters, for test setup). */
    public RdsClient rdsIn(String account) {
        return RdsClient.builder().endpointOverride(moto).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account)).build();
    }

    /** Parameter Store straight to moto in another emulator account (a member account's rehearsal records, for test setup). */
    public software.amazon.awssdk.services.ssm.SsmClient ssmIn(String account) {
        return software.amazon.awssdk.services.ssm.SsmClient.builder().endpointOverride(moto).region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account)).build();
    }

    /**
     * Deploys what a member stack's role is in {@code account}: FleetMemberRole of template.yaml, its name and trust
     * policy as CloudFormation would create them with OrchestratorAccountId = moto's default account (whose keys the
     * handlers and moto's interpreter use) and, as the external id, {@code fleetStateMachineArn} (the local fleet's ARN
     * stands for the orchestrator's {@code <stack>-fleet}). Created in moto's IAM of that account, where its
     * AssumeRole (patched, see moto_server_patched.py) looks for it.
     */
    public String deployMemberRole(String account, String fleetStateMachineArn) {
        com.fasterxml.jackson.databind.JsonNode role;
        try {
            role = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(root.resolve("template.yaml").toFile())
                    .path("Resources").path("FleetMemberRole").path("Properties");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String name = role.path("RoleName").asText().replace("${AWS::Region}", LocalStepFunctions.REGION);
        String trust = role.path("AssumeRolePolicyDocument").toString()
                .replace("arn:${AWS::Partition}:states:${AWS::Region}:${OrchestratorAccountId}:stateMachine:${OrchestratorStackName}-fleet",
                        fleetStateMachineArn)
                .replace("${AWS::Partition}", "aws").replace("${AWS::Region}", LocalStepFunctions.REGION)
                .replace("${OrchestratorAccountId}", MOTO_DEFAULT_ACCOUNT).replace("${OrchestratorStackName}", "local");
        String body = "Action=CreateRole&Version=2010-05-08&RoleName=" + enc(name) + "&AssumeRolePolicyDocument=" + enc(trust);
        try {
            var resp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(moto.resolve("/"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("x-moto-account-id", account)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/iam/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200 && !resp.body().contains("EntityAlreadyExists")) {
                throw new IllegalStateException("CreateRole in " + account + ": " + resp.statusCode() + " " + resp.body());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    /** How the local name of a template bucket starts (IamPolicies reads its ARN so). */
    static String bucketPrefix(String logicalId) {
        return "local-" + logicalId.toLowerCase(java.util.Locale.ROOT) + "-";
    }

    /** The local bucket a template bucket stands for (created on first use). */
    public String bucketName(String logicalId) {
        return arnOf(logicalId, null);
    }

    /** An object of a local bucket, as text; null when there is none. */
    public String s3Object(String bucket, String key) {
        return s3Request("GET", "/" + bucket + "/" + key, null);
    }

    /** moto's S3, path style, in its default account. */
    private String s3Request(String method, String path, String body) {
        try {
            var resp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(moto.resolve(path))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/s3/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 404) {
                return null;
            }
            if (resp.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": " + resp.statusCode() + " " + resp.body());
            }
            return resp.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public URI emulator() {
        return moto;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sfn.close();
        lambda.close();
        rds.close();
        cleanRds.close();
        cloudWatch.close();
        sns.close();
        if (ownMoto != null) {
            ownMoto.close();
        }
    }
}
