package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.common.Json;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Extended Support priced with the AWS Price List API's rates for the cluster's Region (GetProducts' answer as the
 * state machine passes it: PriceList, a list of JSON strings), or with the dated table when it did not answer. The
 * eu-central-1 figures here are the third-party quotes extended-support-prices.json cites, not read from AWS.
 */
class ExtendedSupportPricesTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    private static EngineLifecycle lifecycle(String engine, String major, String standardEnds, String extendedStarts) {
        return new EngineLifecycle(engine, major, null, standardEnds, extendedStarts, null, true, EngineLifecycle.SOURCE_API);
    }

    /** One GetProducts product, in the Price List's shape, as the JSON string the API returns. */
    private static String product(String region, String engine, String major, String usage, String year, String unit,
                                  String usd) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        ObjectNode a = p.putObject("product").putObject("attributes");
        a.put("regionCode", region).put("databaseEngine", engine).put("engineMajorVersion", major)
                .put("usagetype", usage).put("extendedSupportPricingYear", year).put("servicecode", "AmazonRDS");
        p.put("serviceCode", "AmazonRDS");
        ObjectNode term = p.putObject("terms").putObject("OnDemand").putObject("SKU.JRTCKXETXF");
        term.put("effectiveDate", "2026-04-01T00:00:00Z");
        term.putObject("priceDimensions").putObject("SKU.JRTCKXETXF.6YS6EN2CT7").put("unit", unit)
                .put("description", "USD " + usd + " per " + unit).putObject("pricePerUnit").put("USD", usd);
        return p.toString();
    }

    private static JsonNode answer(String... products) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("FormatVersion", "aws_v1");
        ArrayNode list = a.putArray("PriceList");
        for (String p : products) {
            list.add(p);
        }
        return a;
    }

    private static final JsonNode FRANKFURT = answer(
            product("eu-central-1", "Aurora MySQL", "5.7", "ExtendedSupport:Yr1-Yr2:AuroraMySQL2", "Year 1, Year 2",
                    "vCPU-hour", "0.1220000000"),
            product("eu-central-1", "Aurora PostgreSQL", "11", "ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL11",
                    "Year 1, Year 2", "vCPU-hour", "0.1220000000"),
            product("eu-central-1", "Aurora PostgreSQL", "11", "ExtendedSupport:Yr3:AuroraPostgreSQL11", "Year 3",
                    "vCPU-hour", "0.2440000000"),
            product("eu-central-1", "Aurora PostgreSQL", "11", "ExtendedSupport:Yr3:ASv2:AuroraPostgreSQL11", "Year 3",
                    "ACU-hour", "0.2070000000"));

    @Test
    void theRegionsPriceListRatesPriceThePlanToTheCent() {
        var prices = ExtendedSupportPrices.of(FRANKFURT, "eu-central-1", "2026-11-24");
        assertTrue(prices.fromPriceList());
        assertEquals("AWS Price List API, eu-central-1, 2026-11-24", prices.basis());
        // Aurora MySQL 5.7, charged from 2024-12-01: year 2. Two db.r5.large: 4 vCPU x 0.122 x 730 h = 356.24.
        EngineLifecycle mysql = lifecycle("aurora-mysql", "5.7", "2024-10-31", "2024-11-01");
        var cost = ExtendedSupportCost.estimate(mysql, mysql, ExtendedSupportCostTestSupport.provisioned("db.r5.large", 2),
                ExtendedSupportCostTestSupport.provisioned("db.r5.large", 2), null, null, TODAY, prices);
        assertEquals(356.24, cost.monthlyNow(), cost.basis());
        assertTrue(cost.basis().startsWith("prices: AWS Price List API, eu-central-1, 2026-11-24"), cost.basis());
        assertTrue(cost.basis().contains("usage type ExtendedSupport:Yr1-Yr2:AuroraMySQL2"), cost.basis());
        assertTrue(cost.priceSource().contains("AWS Price List API"), cost.priceSource());
        // Aurora PostgreSQL 11, charged from 2024-04-01: year 3 on 2026-11-24. One db.r5.large (2 vCPU) and a
        // db.serverless reader at 3 ACU: 2 x 0.244 x 730 + 3 x 0.207 x 730 = 356.24 + 453.33 = 809.57.
        EngineLifecycle pg = lifecycle("aurora-postgresql", "11", "2024-02-29", "2024-03-01");
        List<ExtendedSupportCost.Billed> both = List.of(ExtendedSupportCost.Billed.provisioned("w", "db.r5.large"),
                new ExtendedSupportCost.Billed("r", "db.serverless", 3.0, "measured"));
        var year3 = ExtendedSupportCost.estimate(pg, pg, both, both, null, null, TODAY, prices);
        assertEquals(3, year3.supportYear());
        assertEquals(809.57, year3.monthlyNow(), year3.basis());
    }

    @Test
    void whenThePriceListDidNotAnswerTheDatedTablePricesAndTheBasisSaysWhy() {
        JsonNode failed = Json.MAPPER.createObjectNode().set("error", Json.MAPPER.createObjectNode()
                .put("Error", "Pricing.SdkClientException").put("Cause", "Unable to execute HTTP request: api.pricing.eu-west-1"));
        var prices = ExtendedSupportPrices.of(failed, "eu-west-1", "2026-11-24");
        assertFalse(prices.fromPriceList());
        assertTrue(prices.basis().startsWith("dated table (2026-12-02, us-east-1), because the AWS Price List API did not "
                + "answer in eu-west-1 (Pricing.SdkClientException"), prices.basis());
        EngineLifecycle mysql = lifecycle("aurora-mysql", "5.7", "2024-10-31", "2024-11-01");
        var cost = ExtendedSupportCost.estimate(mysql, mysql, ExtendedSupportCostTestSupport.provisioned("db.r5.large", 2),
                ExtendedSupportCostTestSupport.provisioned("db.r5.large", 2), null, null, TODAY, prices);
        assertEquals(292.00, cost.monthlyNow(), "the table's us-east-1 rate: " + cost.basis());
        assertTrue(cost.basis().startsWith("prices: dated table (2026-12-02, us-east-1), because"), cost.basis());
    }

    @Test
    void anAnswerWithoutAuroraRatesForTheRegionFallsBackToTheTable() {
        var prices = ExtendedSupportPrices.of(FRANKFURT, "ap-south-1", "2026-11-24");
        assertFalse(prices.fromPriceList());
        assertEquals("dated table (2026-12-02, us-east-1), because the AWS Price List API listed no RDS Extended Support "
                + "rate for Aurora in ap-south-1", prices.basis());
    }

    /** What every pre-flight hands over: the state machine's $.reads, with prices or pricesError, or none at all. */
    @Test
    void everyPreflightTurnsTheStateMachinesReadsIntoPricesTheSameWay() {
        ObjectNode read = Json.MAPPER.createObjectNode();
        read.set(ExtendedSupportPrices.READ_FIELD, FRANKFURT);
        var prices = ExtendedSupportPrices.fromReads(read, "eu-central-1", "2026-11-24");
        assertTrue(prices.fromPriceList());
        assertEquals("AWS Price List API, eu-central-1, 2026-11-24", prices.basis());

        ObjectNode failed = Json.MAPPER.createObjectNode();
        failed.set(ExtendedSupportPrices.ERROR_FIELD, Json.MAPPER.createObjectNode().put("Error", "States.DataLimitExceeded")
                .put("Cause", "The state/task returned a result with a size exceeding the maximum number of bytes"));
        var tooLarge = ExtendedSupportPrices.fromReads(failed, "eu-central-1", "2026-11-24");
        assertFalse(tooLarge.fromPriceList());
        assertEquals("dated table (2026-12-02, us-east-1), because the AWS Price List API's answer in eu-central-1 was "
                + "larger than a Step Functions state may hold (256 KiB, States.DataLimitExceeded)", tooLarge.basis());

        var none = ExtendedSupportPrices.fromReads(null, "eu-central-1", "2026-11-24");
        assertEquals("dated table (2026-12-02, us-east-1), because " + ExtendedSupportPrices.NOT_READ, none.basis());
        var other = ExtendedSupportPrices.fromReads(Json.MAPPER.createObjectNode(), "eu-central-1", "2026-11-24");
        assertEquals("dated table (2026-12-02, us-east-1), because the state machine did not read the AWS Price List API "
                + "before this pre-flight", other.basis());
    }
}
