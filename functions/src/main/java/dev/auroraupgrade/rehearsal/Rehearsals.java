package dev.auroraupgrade.rehearsal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.RehearsalFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Where a cluster's last rehearsal is kept: one Parameter Store parameter per cluster, overwritten by each
 * rehearsal, read by the next pre-flight of that cluster (any workflow). What a plan says about it is decided here.
 */
public final class Rehearsals {
    /** Every rehearsal parameter lives under this path (the template grants only it). */
    public static final String PATH = "/aurora-upgrade/rehearsals/";
    /** A standard parameter's value holds at most 4 KB (AWS Systems Manager User Guide, "Parameter tiers"). */
    static final int MAX_VALUE_CHARS = 4096;
    /** An older rehearsal is shown, and its verdict still counts, but the plan says it may no longer hold. */
    static final Duration STALE_AFTER = Duration.ofDays(30);

    private Rehearsals() {
    }

    public static String parameterName(String cluster) {
        return PATH + cluster;
    }

    /**
     * The cluster's last rehearsal; empty when there is none or it cannot be read (a client of null, or an SSM
     * error: the plan then says so in a notice rather than block a run on it).
     */
    public static Lookup read(SsmClient ssm, String cluster) {
        if (ssm == null) {
            return new Lookup(Optional.empty(), null);
        }
        try {
            String value = ssm.getParameter(r -> r.name(parameterName(cluster))).parameter().value();
            return new Lookup(Optional.of(Json.MAPPER.readValue(value, RehearsalRecord.class)), null);
        } catch (ParameterNotFoundException e) {
            return new Lookup(Optional.empty(), null);
        } catch (SdkException | JsonProcessingException e) {
            return new Lookup(Optional.empty(), "the last rehearsal of '" + cluster + "' could not be read from "
                    + parameterName(cluster) + " (" + e.getClass().getSimpleName() + "): the plan does not use it");
        }
    }

    /**
     * The cluster's last rehearsal as every plan reads it (Blue/Green, in place through its nested Blue/Green's checks,
     * migrate, rehearse): the record, or null when there is none or it cannot be read, which {@code notices} then says.
     */
    public static RehearsalRecord last(SsmClient ssm, String cluster, List<String> notices) {
        Lookup last = read(ssm, cluster);
        if (last.problem() != null) {
            notices.add(last.problem());
        }
        return last.record().orElse(null);
    }

    /** What a lookup found, or why it found nothing it can use. */
    public record Lookup(Optional<RehearsalRecord> record, String problem) {
    }

    /** Stores the record, cut to Parameter Store's limit (objects first, then warnings, then checks beyond five). */
    public static RehearsalRecord write(SsmClient ssm, RehearsalRecord record) {
        RehearsalRecord fitted = fit(record);
        String value = json(fitted);
        ssm.putParameter(r -> r.name(parameterName(record.clusterIdentifier())).value(value).type(ParameterType.STRING)
                .tier(ParameterTier.STANDARD).overwrite(true)
                .description("Last upgrade rehearsal of " + record.clusterIdentifier() + " (aurora-upgrade-orchestrator)"));
        return fitted;
    }

    static RehearsalRecord fit(RehearsalRecord r) {
        if (json(r).length() <= MAX_VALUE_CHARS) {
            return r;
        }
        RehearsalRecord shorter = with(r, withoutObjects(r.failedChecks()), withoutObjects(r.warnings()));
        if (json(shorter).length() <= MAX_VALUE_CHARS) {
            return shorter;
        }
        shorter = with(r, withoutObjects(r.failedChecks()), List.of());
        List<PrecheckFinding> checks = new ArrayList<>(shorter.failedChecks());
        while (json(shorter).length() > MAX_VALUE_CHARS && !checks.isEmpty()) {
            checks.remove(checks.size() - 1);
            shorter = with(r, checks, List.of());
        }
        return shorter;
    }

    private static RehearsalRecord with(RehearsalRecord r, List<PrecheckFinding> failed, List<PrecheckFinding> warnings) {
        List<PrecheckFinding> cut = failed.stream().map(f -> new PrecheckFinding(f.check(), f.level(),
                f.description().length() > 300 ? f.description().substring(0, 300) + "..." : f.description(), f.objects())).toList();
        return new RehearsalRecord(r.clusterIdentifier(), r.verdict(), r.engine(), r.sourceEngineVersion(),
                r.targetEngineVersion(), r.rehearsedAt(), List.copyOf(cut), List.copyOf(warnings), r.durations(),
                r.volumeBytesUsed(), r.executionName(), true);
    }

    private static List<PrecheckFinding> withoutObjects(List<PrecheckFinding> findings) {
        return findings.stream().map(f -> new PrecheckFinding(f.check(), f.level(), f.description(),
                f.objects().size() > 3 ? List.copyOf(f.objects().subList(0, 3)) : f.objects())).toList();
    }

    private static String json(RehearsalRecord r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a real run's pre-flight makes of the cluster's last rehearsal: a notice with its verdict, age and
     * durations; a failed one for this very target is a named refusal unless {@code ignoreFailed}; a passed one for
     * this target sets what building green is expected to take (clone, writer and upgrade on a copy of this data).
     */
    public static dev.auroraupgrade.workflow.PollSettings judge(RehearsalRecord last, String target, boolean ignoreFailed,
                                                               dev.auroraupgrade.workflow.PollSettings poll, List<String> notices) {
        if (last == null) {
            return poll;
        }
        Instant now = Instant.now();
        notices.add(describe(last, now));
        if (!target.equals(last.targetEngineVersion())) {
            return poll;
        }
        if (!last.passed()) {
            if (!ignoreFailed) {
                throw new RehearsalFailedException("the last rehearsal of '" + last.clusterIdentifier()
                        + "' upgrading to " + target + " failed (" + last.rehearsedAt() + ", execution " + last.executionName()
                        + ")" + (last.failedChecks().isEmpty() ? "" : ": " + String.join("; ", last.failedChecks().stream()
                        .map(f -> f.check() + (f.objects().isEmpty() ? "" : " (" + String.join(", ", f.objects()) + ")")).toList()))
                        + ". Fix what it names and rehearse again, or set ignoreFailedRehearsal to true. Nothing was changed");
            }
            notices.add("ignoreFailedRehearsal: this run goes ahead although the last rehearsal of this upgrade failed");
            return poll;
        }
        Long total = last.durations() == null ? null : last.durations().totalSeconds();
        if (total == null || total <= 0) {
            return poll;
        }
        notices.add("green is expected ready after about " + Math.round(total / 60.0) + " min (the rehearsal's clone, writer "
                + "and upgrade): the wait for green is scheduled from that");
        return poll.expecting(dev.auroraupgrade.workflow.PollSchedule.Operation.CREATE_BLUE_GREEN, (int) Math.min(total,
                dev.auroraupgrade.workflow.PollSettings.MAX_WAIT_SECONDS));
    }

    /** How a plan shows a rehearsal: its verdict, age and durations, in one line. */
    public static String describe(RehearsalRecord r, Instant now) {
        long days = Duration.between(Instant.parse(r.rehearsedAt()), now).toDays();
        RehearsalRecord.Durations d = r.durations();
        String took = d == null || d.totalSeconds() == null ? "" : "; on a clone of this data the clone, its writer "
                + "and the upgrade took " + minutes(d.cloneSeconds()) + ", " + minutes(d.instanceSeconds()) + " and "
                + minutes(d.upgradeSeconds());
        String failed = r.failedChecks().isEmpty() ? "" : "; failed checks: " + String.join(", ",
                r.failedChecks().stream().map(PrecheckFinding::check).toList());
        return "last rehearsal of '" + r.clusterIdentifier() + "' (" + r.sourceEngineVersion() + " -> "
                + r.targetEngineVersion() + ", " + r.rehearsedAt() + ", " + days + " day(s) ago): " + r.verdict() + took
                + failed + (Duration.between(Instant.parse(r.rehearsedAt()), now).compareTo(STALE_AFTER) > 0
                ? "; it is over " + STALE_AFTER.toDays() + " days old: the data may have changed since, rehearse again" : "");
    }

    static String minutes(Long seconds) {
        return seconds == null ? "?" : seconds < 120 ? seconds + " s" : Math.round(seconds / 60.0) + " min";
    }
}
