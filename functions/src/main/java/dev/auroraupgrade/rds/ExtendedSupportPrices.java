package dev.auroraupgrade.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The RDS Extended Support rates a plan prices with, and where they come from: the AWS Price List API
 * ({@code pricing:GetProducts}, service code AmazonRDS, the cluster's Region, usage types ExtendedSupport:*), read by
 * the state machine before the pre-flight (the Java SDK has no pricing module on this build), or the dated table
 * extended-support-prices.json (us-east-1) when the Price List did not answer. {@code engines} has the table's shape:
 * engine, then perVcpuHour / perAcuHour, then years1-2 / year3, each with its rate and source.
 *
 * @param basis the line every cost basis starts with: "AWS Price List API, <region>, <date>" or
 *              "dated table (<date>), because <reason>"
 */
public record ExtendedSupportPrices(String basis, String region, String asOf, String currency, long hoursPerMonth,
                                    String source, JsonNode engines, JsonNode chargesStart, boolean fromPriceList) {
    /**
     * Why a plan prices with the table when nothing read the Price List for it: a pre-flight called without the state
     * machine's reads (the rehearsal, which reports no cost, and the Blue/Green checks the in-place and rehearsal
     * pre-flights run for their own blockers). The Blue/Green, migrate and in-place state machines read it.
     */
    public static final String NOT_READ = "this pre-flight ran without the state machine's Price List read";
    /** Where the state machine leaves the GetProducts answer in {@code $.reads}, and the error of a failed call. */
    public static final String READ_FIELD = "prices";
    public static final String ERROR_FIELD = "pricesError";
    /** The dated table as shipped. */
    public static final JsonNode TABLE = load();
    private static final Map<String, String> ENGINES = Map.of("Aurora MySQL", "aurora-mysql",
            "Aurora PostgreSQL", "aurora-postgresql");
    private static final Map<String, String> YEARS = Map.of("Year 1, Year 2", "years1-2", "Year 3", "year3");

    /** The table, with the reason the Price List was not used; {@code reason} null: nothing asked for it. */
    public static ExtendedSupportPrices table(String reason) {
        return new ExtendedSupportPrices("dated table (" + TABLE.path("asOf").asText() + ", "
                + TABLE.path("region").asText() + ")" + (reason == null ? "" : ", because " + reason),
                TABLE.path("region").asText(), TABLE.path("asOf").asText(), TABLE.path("currency").asText(),
                TABLE.path("hoursPerMonth").asLong(), TABLE.path("source").asText(), TABLE.path("engines"),
                TABLE.path("chargesStart"), false);
    }

    /**
     * The one place a pre-flight turns the state machine's reads into prices: {@code reads} as the pre-flight got them
     * ({@code $.reads}: {@code prices}, the GetProducts answer, or {@code pricesError}, the caught error of the call),
     * for {@code region} (the state machine's, which is the functions' AWS_REGION) on {@code date}. Null {@code reads}
     * (a pre-flight called without them): the table, saying that nothing read the Price List.
     */
    public static ExtendedSupportPrices fromReads(JsonNode reads, String region, String date) {
        if (reads == null || reads.isNull() || reads.isMissingNode()) {
            return table(NOT_READ);
        }
        if (reads.hasNonNull(ERROR_FIELD)) {
            return of(Json.MAPPER.createObjectNode().set("error", reads.get(ERROR_FIELD)), region, date);
        }
        if (!reads.hasNonNull(READ_FIELD)) {
            return table("the state machine did not read the AWS Price List API before this pre-flight");
        }
        return of(reads.get(READ_FIELD), region, date);
    }

    /** As above, for the functions' Region (AWS_REGION; us-east-1 when unset) today (UTC). */
    public static ExtendedSupportPrices fromReads(JsonNode reads) {
        return fromReads(reads, functionRegion(), java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    }

    /** The functions' Region (AWS_REGION), which is the state machine's: the Region the Price List was read for. */
    public static String functionRegion() {
        return java.util.Optional.ofNullable(dev.auroraupgrade.common.Settings.get("AWS_REGION")).orElse("us-east-1");
    }

    /** The plan's prices, or the table (NOT_READ) for a plan that has none (one made before prices were kept). */
    public static ExtendedSupportPrices orTable(ExtendedSupportPrices prices) {
        return prices == null ? table(NOT_READ) : prices;
    }

    /**
     * The prices the state machine read ({@code read}: the GetProducts answer, or {@code {"error": {...}}} when the
     * call failed) for {@code region}, read on {@code today}; the table, saying why, when the answer has no Extended
     * Support rate for Aurora in that Region. Null {@code read}: the table (this route does not read the Price List).
     */
    public static ExtendedSupportPrices of(JsonNode read, String region, String today) {
        if (read == null || read.isNull() || read.isMissingNode()) {
            return table(NOT_READ);
        }
        if (read.hasNonNull("error")) {
            JsonNode e = read.get("error");
            if ("States.DataLimitExceeded".equals(e.path("Error").asText())) {
                return table("the AWS Price List API's answer in " + region + " was larger than a Step Functions state "
                        + "may hold (256 KiB, States.DataLimitExceeded)");
            }
            // AWS Price List Query API endpoints exist in two Regions only (its API reference, "Service Endpoint":
            // us-east-1 and ap-south-1); Step Functions calls a service in the state machine's own Region.
            return table("the AWS Price List API did not answer in " + region + " (" + e.path("Error").asText("error")
                    + ": " + abbreviate(e.path("Cause").asText("")) + "; its API reference names endpoints in us-east-1 "
                    + "and ap-south-1 only, and the state machine calls it in its own Region)");
        }
        ObjectNode engines = Json.MAPPER.createObjectNode();
        String currency = TABLE.path("currency").asText();
        int rows = 0;
        for (JsonNode item : read.path("PriceList")) {
            JsonNode p = item.isTextual() ? parse(item.asText()) : item;
            JsonNode a = p.path("product").path("attributes");
            String engine = ENGINES.get(a.path("databaseEngine").asText());
            String period = YEARS.get(a.path("extendedSupportPricingYear").asText());
            String usage = a.path("usagetype").asText();
            if (engine == null || period == null || !usage.contains("ExtendedSupport")
                    || !region.equals(a.path("regionCode").asText(region))) {
                continue;
            }
            for (JsonNode term : p.path("terms").path("OnDemand")) {
                for (JsonNode dim : term.path("priceDimensions")) {
                    JsonNode price = dim.path("pricePerUnit").path(currency);
                    String unit = dim.path("unit").asText();
                    String kind = unit.startsWith("ACU") || usage.contains("ASv2") ? "perAcuHour"
                            : unit.startsWith("vCPU") ? "perVcpuHour" : null;
                    if (!price.isTextual() || kind == null) {
                        continue;
                    }
                    ObjectNode rate = Json.MAPPER.createObjectNode();
                    // The rate as the Price List writes it ("0.1220000000"), kept exact for cents-exact figures.
                    rate.put("rate", new java.math.BigDecimal(new java.math.BigDecimal(price.asText()).stripTrailingZeros()
                            .toPlainString()));
                    rate.put("source", "AWS Price List API, " + region + ", usage type " + usage + " ("
                            + a.path("engineMajorVersion").asText("any major") + "), effective "
                            + term.path("effectiveDate").asText("?") + ": " + dim.path("description").asText(""));
                    ObjectNode byKind = engines.with(engine).with(kind);
                    // Several majors may list a rate: each is kept under "<period> <major>", the first as "<period>".
                    String major = a.path("engineMajorVersion").asText(null);
                    if (major != null) {
                        byKind.set(period + " " + major, rate);
                    }
                    if (!byKind.has(period)) {
                        byKind.set(period, rate);
                    }
                    rows++;
                }
            }
        }
        if (rows == 0) {
            return table("the AWS Price List API listed no RDS Extended Support rate for Aurora in " + region);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = TABLE.path("engines").fields(); it.hasNext(); ) {
            var e = it.next();
            if (engines.has(e.getKey())) {
                // The rule (which engine has year-3 pricing) is AWS's pricing page, not a Price List field.
                ((ObjectNode) engines.get(e.getKey())).set("yearThreePricing", e.getValue().path("yearThreePricing"));
                ((ObjectNode) engines.get(e.getKey())).set("rule", e.getValue().path("rule"));
            }
        }
        return new ExtendedSupportPrices("AWS Price List API, " + region + ", " + today, region, today, currency,
                TABLE.path("hoursPerMonth").asLong(), "AWS Price List API (pricing:GetProducts, AmazonRDS, " + region
                + ", usage types ExtendedSupport:*), read " + today, engines, TABLE.path("chargesStart"), true);
    }

    /** The rate node for an engine's major, kind and period: the major's own when listed, else the period's. */
    JsonNode rate(String engine, String major, String kind, String period) {
        JsonNode byKind = engines.path(engine).path(kind);
        JsonNode own = byKind.path(period + " " + major);
        return own.isMissingNode() ? byKind.path(period) : own;
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static JsonNode load() {
        try (InputStream in = ExtendedSupportPrices.class.getResourceAsStream("/extended-support-prices.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("extended-support-prices.json is missing from the jar", e);
        }
    }
}
