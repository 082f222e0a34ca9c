package dev.auroraupgrade.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

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
    private final PendingStatusInterceptor statuses;
    private final SamTemplate template;
    private final LocalStepFunctions sfn;

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
        this.moto = moto;
        this.template = SamTemplate.load(root);
        this.statuses = new PendingStatusInterceptor(pendingPolls);
        URI proxy = URI.create("http://127.0.0.1:" + lambdaPort);
        this.rds = RdsClient.builder()
                .endpointOverride(proxy)
                .region(Region.of(LocalStepFunctions.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(statuses))
                .build();
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        template.handlers().forEach((fn, handler) -> handlers.put(fn, instantiate(handler, rds)));
        this.lambda = new LocalLambdaEndpoint(lambdaPort, moto, handlers);
        this.sfn = new LocalStepFunctions(moto);
        sfn.enableExecution();
    }

    /** The handler class named in the template, given the local RDS client like a test would. */
    static RequestStreamHandler instantiate(String handler, RdsClient rds) {
        String className = handler.replaceFirst("::.*$", "");
        try {
            Class<?> type = Class.forName(className);
            try {
                return (RequestStreamHandler) type.getConstructor(RdsClient.class).newInstance(rds);
            } catch (NoSuchMethodException e) {
                return (RequestStreamHandler) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + handler + " which cannot be built", e);
        }
    }

    /** Runs one execution of a state machine of the template, in a fresh emulator account. */
    public LocalStepFunctions.Execution execute(String stateMachineLogicalId, String executionName, String input,
                                                Duration timeout) {
        SamTemplate.StateMachine machine = template.stateMachines().get(stateMachineLogicalId);
        if (machine == null) {
            throw new IllegalArgumentException("template.yaml has no state machine " + stateMachineLogicalId);
        }
        String account = LocalStepFunctions.newAccount();
        String definition = machine.localDefinition(LocalStepFunctions.REGION, account);
        return sfn.run(account, stateMachineLogicalId + "-" + executionName, definition, executionName, input, timeout);
    }

    public RdsClient rds() {
        return rds;
    }

    public LocalLambdaEndpoint lambda() {
        return lambda;
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
        if (ownMoto != null) {
            ownMoto.close();
        }
    }
}
