package dev.auroraupgrade.rds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of standing still: what RDS Extended Support adds per month for a cluster's instances now, and after
 * the plan, from the dated price table in extended-support-prices.json (which names its source). Provisioned
 * instances are charged per vCPU-hour (the rate of the support year: years 1-2, then year 3); db.serverless is
 * charged per ACU-hour at a rate the table does not hold, so such instances are named, not priced.
 */
public record ExtendedSupportCost(Boolean inExtendedSupport, Integer supportYear, Double monthlyNow,
                                  Boolean inExtendedSupportAfter, Double monthlyAfter, String currency, String basis,
                                  String priceAsOf, String priceSource) {
    private static final JsonNode PRICES = load();

    /**
     * @param before       the lifecycle of the cluster's major now
     * @param after        the lifecycle of the major after the plan
     * @param classesNow   the instance classes the cluster runs now
     * @param classesAfter the instance classes after the plan
     */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<String> classesNow,
                                               List<String> classesAfter, LocalDate today) {
        List<String> basis = new ArrayList<>();
        Integer year = year(before, today);
        Double now = monthly(before, year, classesNow, basis, "now");
        Integer yearAfter = year(after, today);
        Double later = monthly(after, yearAfter, classesAfter, basis, "after");
        return new ExtendedSupportCost(before.inExtendedSupport(), year, now, after.inExtendedSupport(), later,
                PRICES.path("currency").asText(), String.join("; ", basis), PRICES.path("asOf").asText(),
                PRICES.path("source").asText());
    }

    /** The support year (1, 2, 3) counted from the end of standard support, or null when not in Extended Support. */
    static Integer year(EngineLifecycle l, LocalDate today) {
        if (!Boolean.TRUE.equals(l.inExtendedSupport()) || l.standardSupportEnds() == null) {
            return null;
        }
        long days = ChronoUnit.DAYS.between(LocalDate.parse(l.standardSupportEnds()), today);
        return (int) Math.min(3, Math.max(1, days / 365 + 1));
    }

    private static Double monthly(EngineLifecycle l, Integer year, List<String> classes, List<String> basis, String when) {
        if (l.inExtendedSupport() == null) {
            basis.add(when + ": unknown (" + l.source() + ")");
            return null;
        }
        if (!l.inExtendedSupport()) {
            basis.add(when + ": " + l.engine() + " " + l.majorVersion() + " is not in Extended Support");
            return 0.0;
        }
        double rate = PRICES.path("provisionedPerVcpuHour").path(String.valueOf(year)).asDouble();
        double hours = PRICES.path("hoursPerMonth").asDouble();
        double vcpus = 0;
        List<String> unpriced = new ArrayList<>();
        for (String c : classes) {
            Double v = InstanceClasses.SERVERLESS.equals(c) ? null : InstanceClasses.vcpus(c);
            if (v == null) {
                unpriced.add(c);
            } else {
                vcpus += v;
            }
        }
        basis.add(when + ": " + l.engine() + " " + l.majorVersion() + " in Extended Support year " + year + ", "
                + ServerlessV2Capacity.fmt(vcpus) + " vCPU x " + rate + " per vCPU-hour x " + (long) hours + " h"
                + (unpriced.isEmpty() ? "" : "; not priced here (per ACU-hour or unknown class): " + unpriced));
        return Math.round(vcpus * rate * hours * 100) / 100.0;
    }

    private static JsonNode load() {
        try (InputStream in = ExtendedSupportCost.class.getResourceAsStream("/extended-support-prices.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("extended-support-prices.json is missing from the jar", e);
        }
    }
}
