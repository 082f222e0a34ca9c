package dev.auroraupgrade.workflow;

import dev.auroraupgrade.common.Settings;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * When a readiness loop looks again. Each check answers with the seconds until the next check: sparse (up to
 * maxPollSeconds) while the operation is far from its expected end, a check at that end, then, if it runs late, a
 * back-off that grows with how late it is. The expected end is the operation's typical duration, or, where RDS
 * reports progress that grows evenly (a snapshot's PercentProgress), the end that progress points to; a resource
 * that reports every part done is checked again soon. Every wait is shortened by up to 10 % (jitter, fixed per
 * resource and check) so that a fleet's clusters do not poll in step, and never runs past the loop's time bound.
 */
public final class PollSchedule {
    /** How much later than expected, as a share of the delay so far, the next check comes when an operation runs late. */
    static final double OVERDUE_FRACTION = 0.25;
    /** The most a wait is shortened by jitter, as a share of it, unless the setting POLL_JITTER says otherwise. */
    static final double JITTER = 0.10;

    /**
     * What a loop waits for, with its typical duration in seconds. The seed figures (Aurora Serverless v1 migration
     * guide the project started from) are the middle of: snapshot 2-4 min, restore 10-15, major upgrade 18-20, writer
     * to db.serverless about 20, Blue/Green green 20-60, switchover under a minute. The others are estimates.
     */
    public enum Operation {
        SNAPSHOT("snapshot", 180, true),
        RESTORE("restore", 750, false),
        UPGRADE("upgrade", 1140, false),
        MODIFY_INSTANCE("modifyInstance", 1200, false),
        CREATE_BLUE_GREEN("createBlueGreen", 2400, false),
        SWITCHOVER("switchover", 45, false),
        /** Estimate: a provisioned Aurora instance is usually available within ten minutes. */
        CREATE_INSTANCE("createInstance", 600, false),
        /** Estimate: a capacity range applies in seconds. */
        MODIFY_CLUSTER("modifyCluster", 30, false),
        /** Estimate: a cluster parameter group applied, with the writer's reboot when one is needed. */
        REPLICATION("replication", 60, false),
        /** Ready at once unless replica lag is high: check soon, then back off. */
        READINESS("readiness", 0, false),
        /** Estimate: Serverless v1 to provisioned, including the writer AWS adds. */
        CONVERT_ENGINE_MODE("convertEngineMode", 600, false),
        /** Estimate: an Aurora failover usually completes within a minute. */
        FAILOVER("failover", 60, false),
        /** Estimate: deleting instances. */
        DELETE_INSTANCES("deleteInstances", 300, false),
        /** Estimate: an Aurora clone shares the source's pages and is usually available within minutes. */
        CLONE("clone", 300, false),
        /** Estimate: a DB cluster without instances is deleted within minutes. */
        DELETE_CLUSTER("deleteCluster", 180, false);

        private final String id;
        private final int typicalSeconds;
        private final boolean evenProgress;

        Operation(String id, int typicalSeconds, boolean evenProgress) {
            this.id = id;
            this.typicalSeconds = typicalSeconds;
            this.evenProgress = evenProgress;
        }

        public String id() {
            return id;
        }

        public int typicalSeconds() {
            return typicalSeconds;
        }

        /** The operation with this id; null (no expectation: check soon, then back off) when unknown or absent. */
        public static Operation of(String id) {
            return id == null ? null : Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst().orElse(null);
        }
    }

    private PollSchedule() {
    }

    /** POLL_JITTER (0 to 0.5; 0 polls in step, what the fleet benchmark compares against), else {@link #JITTER}. */
    static double jitter() {
        String value = Settings.get("POLL_JITTER");
        try {
            double jitter = value == null ? JITTER : Double.parseDouble(value);
            return Double.isFinite(jitter) ? Math.max(0, Math.min(0.5, jitter)) : JITTER;
        } catch (NumberFormatException e) {
            return JITTER;
        }
    }

    /**
     * A loop's first wait: the operation's typical duration within [min, max], so that a check lands where the
     * operation usually ends (a long one is first checked after {@code max}); one that is usually done already
     * (switchover readiness) after a second. No jitter: the state machine reads it from the plan.
     */
    public static int firstWaitSeconds(Operation operation, int min, int max) {
        if (operation != null && operation.typicalSeconds == 0) {
            return 1;
        }
        return Math.max(min, Math.min(max, operation == null ? 0 : operation.typicalSeconds));
    }

    /** The wait before a loop's first check, as the plan gives it to the state machine. */
    public static int firstWaitSeconds(Operation operation, PollSettings settings) {
        Integer planned = operation == null ? null : settings.firstWaitSeconds().get(operation.id());
        return planned != null ? planned : firstWaitSeconds(operation, settings.minSeconds(),
                Math.min(settings.maxSeconds(), settings.maxWaitSeconds()));
    }

    /**
     * Seconds until the next check.
     *
     * @param waited   seconds this loop has waited so far (its Wait states, summed)
     * @param progress what the resource reports done, 0..1, or null when it reports nothing
     * @param key      the resource, which fixes its jitter (with the attempt)
     */
    public static int nextWaitSeconds(Operation operation, int waited, Double progress, PollSettings settings,
                                      String key, int attempt) {
        double expected = operation == null ? 0 : settings.expectedSeconds(operation);
        if (progress != null && progress >= 1) {
            expected = waited; // every part reported done: only the status is left
        } else if (operation != null && operation.evenProgress && progress != null && progress > 0 && waited > 0) {
            expected = waited / progress;
        }
        double remaining = expected - waited;
        double next = remaining > 0 ? Math.min(remaining, settings.maxSeconds()) : -remaining * OVERDUE_FRACTION;
        next *= 1 - jitter() * new SplittableRandom(31L * (key == null ? 0 : key.hashCode()) + attempt).nextDouble();
        long seconds = Math.round(Math.max(settings.minSeconds(), Math.min(settings.maxSeconds(), next)));
        long left = (long) settings.maxWaitSeconds() - waited;
        return (int) Math.max(1, Math.min(seconds, left));
    }
}
