package dev.auroraupgrade.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.rds.RdsClient;

/** One moto_server and local Lambda endpoint for the whole test run; tests use distinct cluster ids. */
final class TestEmulator {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static LocalEnvironment env;

    private TestEmulator() {
    }

    static synchronized LocalEnvironment get() {
        if (env == null) {
            // The polling Waits (a second: the loops count the pending answers the layer gives) and the old blue's
            // retirement (retireOldBlueAfterHours, hours) cost no time; the fleet's start spacing still does.
            System.setProperty(MotoServer.SKIP_WAITS_PROPERTY, "600");
            System.setProperty(MotoServer.SKIP_SHORT_WAITS_PROPERTY, "1");
            try {
                // One emulator per test JVM (surefire forks), each with its own working directory.
                env = LocalEnvironment.start(root(), null, 0, 0,
                        Path.of(System.getProperty("test.emulator.dir", root().resolve("local/target/test-emulator").toString())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the local emulator (is moto_server installed?)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(env::close));
        }
        env.statuses().setPendingPolls(0);
        env.statuses().reset();
        env.lambda().clearFaults();
        env.serveEngineVersions(true);
        env.engineVersions().reset();
        env.iam().restoreAll();
        // One emulator account holds every test's clusters of this JVM: far past AWS's default 40. QuotaTest sets tight ones.
        env.quotas(100_000, 100_000);
        return env;
    }

    static RdsClient rds() {
        return get().rds();
    }

    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * A DB subnet group over two subnets of a new VPC, made through moto's EC2 API (RDS checks the subnets exist).
     * Plain query-protocol calls: the project has no EC2 client, and needs none but here.
     */
    static String subnetGroup(String name) {
        String vpc = ec2("Action=CreateVpc&CidrBlock=10.42.0.0%2F16", "vpcId");
        String a = ec2("Action=CreateSubnet&VpcId=" + vpc + "&CidrBlock=10.42.1.0%2F24&AvailabilityZone=us-east-1a", "subnetId");
        String b = ec2("Action=CreateSubnet&VpcId=" + vpc + "&CidrBlock=10.42.2.0%2F24&AvailabilityZone=us-east-1b", "subnetId");
        get().cleanRds().createDBSubnetGroup(r -> r.dbSubnetGroupName(name).dbSubnetGroupDescription("test").subnetIds(a, b));
        return name;
    }

    private static String ec2(String query, String field) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(get().emulator().resolve("/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/ec2/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(query + "&Version=2016-11-15")).build();
            String body = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            var m = java.util.regex.Pattern.compile("<" + field + ">([^<]+)</" + field + ">").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("EC2 " + query + " answered " + body);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A cluster id no other test uses. */
    static String uniqueId(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() % 10000 + "-" + IDS.incrementAndGet();
    }

    /** As {@link #invoke}, with the function's role from template.yaml enforced on its AWS calls. */
    static JsonNode invokeAs(String function, RequestStreamHandler handler, Object input) {
        JsonNode[] out = new JsonNode[1];
        IamEnforcer.runAs(function, () -> out[0] = invoke(handler, input));
        return out[0];
    }

    /**
     * An hourly AWS/RDS metric for the last 14 days, as RDS publishes it: the value at each hour from
     * {@code valueAtHour} (0 = the newest hour).
     */
    static void putHourly(String metric, String dimension, String value, java.util.function.IntToDoubleFunction valueAtHour) {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        java.util.List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data = new java.util.ArrayList<>();
        for (int h = 0; h < 14 * 24 - 1; h++) {
            int hour = h;
            data.add(software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName(metric)
                    .dimensions(d -> d.name(dimension).value(value)).timestamp(now.minusSeconds(3600L * hour + 1800))
                    .value(valueAtHour.applyAsDouble(hour)).build());
        }
        for (int i = 0; i < data.size(); i += 50) {
            var batch = data.subList(i, Math.min(data.size(), i + 50));
            get().cloudWatch().putMetricData(r -> r.namespace("AWS/RDS").metricData(batch));
        }
    }

    /** Invokes a handler the way the Lambda runtime does: JSON bytes in, JSON bytes out. */
    static JsonNode invoke(RequestStreamHandler handler, Object input) {
        try {
            byte[] in = input instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(in), out, new LocalContext("test"));
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
