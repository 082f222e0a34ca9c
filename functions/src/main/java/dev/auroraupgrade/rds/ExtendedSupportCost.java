package dev.auroraupgrade.rds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of standing still: what RDS Extended Support adds per month for a cluster's instances now, after the
 * plan, and for the old blue a Blue/Green switchover leaves (it keeps the old major, so it keeps paying: Aurora User
 * Guide, "Amazon RDS Extended Support charges": the charge stops only on an upgrade or a delete). Rates per engine
 * and support year from the dated table extended-support-prices.json, each figure with its source: provisioned
 * instances per vCPU-hour, db.serverless per ACU-hour of its measured average capacity. Aurora MySQL keeps the
 * year-1 rate throughout; only Aurora PostgreSQL has a year-3 rate. Support years count from the day charges
 * start. A figure that cannot be known is null, with the reason in the basis: never a 0 that reads as free.
 *
 * @param monthlyAfter   the cluster after the plan plus the old blue it leaves ({@code monthlyOldBlue}), unless the
 *                       plan deletes that old blue within hours (retireOldBlueAfterHours)
 * @param monthlyOldBlue the old blue's charge per month while it stands; null when the plan leaves no old blue
 * @param oldBlueChargeStops when the old blue's charge stops: when you delete it, or when the plan does; null without one
 */
public record ExtendedSupportCost(Boolean inExtendedSupport, Integer supportYear, String chargesFrom, Double monthlyNow,
                                  Boolean inExtendedSupportAfter, Double monthlyAfter, Double monthlyOldBlue,
                                  String oldBlueChargeStops, String currency, String basis, String priceAsOf, String priceSource) {
    /** The start of every basis: which prices it used (the Price List's for a Region and day, or the dated table). */
    private static final String PRICES = "prices: ";
    private static final String YEARS_1_2 = "years1-2";
    private static final String YEAR_3 = "year3";

    /**
     * One instance as billed: a provisioned class (per vCPU-hour), or db.serverless with its measured average ACU
     * (null when unmeasured, {@code measured} says why or how it was measured).
     */
    public record Billed(String instance, String instanceClass, Double averageAcu, String measured) {
        public static Billed provisioned(String instance, String instanceClass) {
            return new Billed(instance, instanceClass, null, null);
        }

        boolean serverless() {
            return InstanceClasses.SERVERLESS.equals(instanceClass);
        }
    }

    /**
     * @param before  the lifecycle of the cluster's major now (also the old blue's)
     * @param after   the lifecycle of the major after the plan
     * @param now     the instances the cluster runs now
     * @param later   the instances after the plan
     * @param oldBlue the instances of the old blue the plan leaves, or null when it leaves none
     */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<Billed> now,
                                               List<Billed> later, List<Billed> oldBlue, LocalDate today) {
        return estimate(before, after, now, later, oldBlue, null, today);
    }

    /** As above; {@code oldBlueRetiredAfterHours} (null: kept) is when the plan deletes the old blue it leaves. */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<Billed> now,
                                               List<Billed> later, List<Billed> oldBlue, Integer oldBlueRetiredAfterHours,
                                               LocalDate today) {
        return estimate(before, after, now, later, oldBlue, oldBlueRetiredAfterHours, today,
                ExtendedSupportPrices.table(ExtendedSupportPrices.NOT_READ));
    }

    /** As above, priced with {@code prices}: the Price List's for the cluster's Region, or the dated table. */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<Billed> now,
                                               List<Billed> later, List<Billed> oldBlue, Integer oldBlueRetiredAfterHours,
                                               LocalDate today, ExtendedSupportPrices prices) {
        List<String> basis = new ArrayList<>();
        basis.add(PRICES + prices.basis());
        Charge nowCharge = charge(before, today);
        Double monthlyNow = monthly(prices, before, nowCharge, now, basis, "now");
        Double cluster = monthly(prices, after, charge(after, today), later, basis, "after");
        Double old = oldBlue == null ? null : monthly(prices, before, nowCharge, oldBlue, basis, "old blue (<cluster>-oldN, "
                + "kept on " + before.engine() + " " + before.majorVersion() + " until deleted; its instance-hours are "
                + "not counted here)");
        boolean retired = oldBlue != null && oldBlueRetiredAfterHours != null;
        Double monthlyAfter = cluster == null || (oldBlue != null && old == null && !retired) ? null
                : cents(BigDecimal.valueOf(cluster).add(old == null || retired ? BigDecimal.ZERO : BigDecimal.valueOf(old)));
        String stops = null;
        if (oldBlue == null) {
            basis.add("old blue: none left by this plan");
        } else if (retired) {
            // Extended Support is billed per hour an instance runs; a deleted cluster stops it (Aurora User Guide,
            // "Amazon RDS Extended Support charges").
            BigDecimal hours = BigDecimal.valueOf(oldBlueRetiredAfterHours);
            String share = old == null ? "" : "; about " + cents(BigDecimal.valueOf(old).multiply(hours)
                    .divide(BigDecimal.valueOf(prices.hoursPerMonth()), 10, RoundingMode.HALF_UP)) + " "
                    + prices.currency() + " for those hours";
            stops = oldBlueRetiredAfterHours + " h after the switchover, when this run deletes it (retireOldBlueAfterHours"
                    + share + ")";
            basis.add("monthlyAfter = after: the old blue is deleted " + stops);
        } else {
            stops = "when you delete it";
            if (monthlyAfter != null) {
                basis.add("monthlyAfter = after + old blue");
            }
        }
        return new ExtendedSupportCost(before.inExtendedSupport(), nowCharge.year(), nowCharge.from(), monthlyNow,
                after.inExtendedSupport(), monthlyAfter, old, stops, prices.currency(), String.join("; ", basis),
                prices.asOf(), prices.source());
    }

    /** Which prices this estimate used, as its basis starts (short: a fleet row carries it); null when unsaid. */
    public String pricedBy() {
        if (basis == null || !basis.startsWith(PRICES)) {
            return null;
        }
        // The prices' part ends where the first figure's begins ("; now: "); a reason inside it may hold "; " too.
        int end = basis.indexOf("; now: ");
        String first = basis.substring(PRICES.length(), end < 0 ? basis.length() : end);
        return first.length() <= 160 ? first : first.substring(0, 159) + "…";
    }

    /** Provisioned instances only (no db.serverless to measure). */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<String> classesNow,
                                               List<String> classesAfter, LocalDate today) {
        return estimate(before, after, unnamed(classesNow), unnamed(classesAfter), null, today);
    }

    /** As above, priced with {@code prices}: the Price List's for the cluster's Region, or the dated table. */
    public static ExtendedSupportCost estimate(EngineLifecycle before, EngineLifecycle after, List<String> classesNow,
                                               List<String> classesAfter, LocalDate today, ExtendedSupportPrices prices) {
        return estimate(before, after, unnamed(classesNow), unnamed(classesAfter), null, null, today, prices);
    }

    private static List<Billed> unnamed(List<String> classes) {
        return classes.stream().map(c -> Billed.provisioned(null, c)).toList();
    }

    /**
     * When charges start and which support year {@code today} is in (null before charges start or outside Extended
     * Support). {@code why} names where the day came from.
     */
    record Charge(String from, Integer year, String why) {
    }

    static Charge charge(EngineLifecycle l, LocalDate today) {
        if (!Boolean.TRUE.equals(l.inExtendedSupport())) {
            return new Charge(null, null, null);
        }
        LocalDate api = l.extendedSupportStarts() != null ? LocalDate.parse(l.extendedSupportStarts())
                : l.standardSupportEnds() != null ? LocalDate.parse(l.standardSupportEnds()).plusDays(1) : null;
        String apiWhy = l.extendedSupportStarts() != null
                ? "the start of " + EngineLifecycle.EXTENDED + " in " + l.source()
                : "the day after the end of standard support in " + l.source();
        JsonNode documented = ExtendedSupportPrices.TABLE.path("chargesStart").path(l.engine() + " " + l.majorVersion());
        LocalDate from = api;
        String why = apiWhy;
        if (documented.hasNonNull("date")) {
            LocalDate table = LocalDate.parse(documented.get("date").asText());
            if (from == null || table.isAfter(from)) {
                from = table;
                why = "the dated table (" + documented.path("source").asText() + ")"
                        + (api == null ? "" : "; " + l.source() + " lists Extended Support from " + api);
            }
        }
        if (from == null) {
            return new Charge(null, null, "the day charges start is unknown (" + l.source() + ")");
        }
        Integer year = today.isBefore(from) ? null : Math.min(3, Period.between(from, today).getYears() + 1);
        return new Charge(from.toString(), year, why);
    }

    private static Double monthly(ExtendedSupportPrices prices, EngineLifecycle l, Charge charge, List<Billed> instances,
                                  List<String> basis, String when) {
        String major = l.engine() + " " + l.majorVersion();
        if (l.inExtendedSupport() == null) {
            basis.add(when + ": unknown (" + l.source() + ")");
            return null;
        }
        if (!l.inExtendedSupport()) {
            basis.add(when + ": " + major + " is not in Extended Support");
            return 0.0;
        }
        if (charge.from() == null) {
            basis.add(when + ": unknown: " + charge.why());
            return null;
        }
        if (charge.year() == null) {
            basis.add(when + ": " + major + " is in Extended Support but not charged before " + charge.from() + " ("
                    + charge.why() + ")");
            return 0.0;
        }
        JsonNode engine = prices.engines().path(l.engine());
        if (engine.isMissingNode()) {
            basis.add(when + ": unknown: " + (prices.fromPriceList() ? "the AWS Price List answer" : "the price table")
                    + " has no rates for " + l.engine());
            return null;
        }
        String period = charge.year() >= 3 && engine.path("yearThreePricing").asBoolean() ? YEAR_3 : YEARS_1_2;
        JsonNode vcpuNode = prices.rate(l.engine(), l.majorVersion(), "perVcpuHour", period);
        JsonNode acuNode = prices.rate(l.engine(), l.majorVersion(), "perAcuHour", period);
        JsonNode vcpuRate = vcpuNode.path("rate");
        JsonNode acuRate = acuNode.path("rate");
        BigDecimal hours = BigDecimal.valueOf(prices.hoursPerMonth());
        BigDecimal total = BigDecimal.ZERO;
        double vcpus = 0;
        List<String> priced = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Billed b : instances) {
            String name = b.instance() == null ? b.instanceClass() : b.instance() + " (" + b.instanceClass() + ")";
            if (b.serverless()) {
                if (b.averageAcu() == null || !acuRate.isNumber()) {
                    unknown.add(name + ": " + (b.averageAcu() == null ? (b.measured() == null ? "no measured capacity"
                            : b.measured()) : "no per-ACU-hour rate for " + period));
                    continue;
                }
                BigDecimal acu = BigDecimal.valueOf(b.averageAcu());
                total = total.add(acu.multiply(rate(acuRate)).multiply(hours));
                priced.add(name + ": " + acu.stripTrailingZeros().toPlainString() + " ACU average x " + rate(acuRate)
                        + " per ACU-hour" + (b.measured() == null ? "" : " (" + b.measured() + ")"));
                continue;
            }
            Double v = InstanceClasses.vcpus(b.instanceClass());
            if (v == null || !vcpuRate.isNumber()) {
                unknown.add(name + ": " + (v == null ? "vCPUs of the class unknown" : "no per-vCPU-hour rate for " + period));
                continue;
            }
            vcpus += v;
            total = total.add(BigDecimal.valueOf(v).multiply(rate(vcpuRate)).multiply(hours));
        }
        String rule = period.equals(YEARS_1_2) && charge.year() >= 3 ? " at the year-1 rate (" + engine.path("rule").asText() + ")"
                : " at the " + (period.equals(YEAR_3) ? "year-3" : "years 1-2") + " rate";
        String line = when + ": " + major + " in Extended Support year " + charge.year() + " (charged from "
                + charge.from() + ", " + charge.why() + ")" + rule + ": "
                + ServerlessV2Capacity.fmt(vcpus) + " vCPU x " + (vcpuRate.isNumber() ? rate(vcpuRate) : "?")
                + " per vCPU-hour" + (priced.isEmpty() ? "" : " + " + String.join(" + ", priced)) + " x " + hours + " h";
        if (!unknown.isEmpty()) {
            basis.add(line + "; unknown, so no total: " + String.join("; ", unknown) + " (the priced part: "
                    + cents(total) + " per month)");
            return null;
        }
        List<String> sources = new ArrayList<>();
        if (vcpus > 0) {
            sources.add("per vCPU-hour: " + vcpuNode.path("source").asText());
        }
        if (!priced.isEmpty()) {
            sources.add("per ACU-hour: " + acuNode.path("source").asText());
        }
        basis.add(line + (sources.isEmpty() ? "" : " (rates " + String.join("; ", sources) + ")"));
        return cents(total);
    }

    /** A rate as written in the table (0.085, not the binary double's expansion). */
    private static BigDecimal rate(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    private static double cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

}
