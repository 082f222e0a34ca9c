package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The Blue/Green plan's Extended Support cost priced with the AWS Price List API, which the state machine reads before
 * the pre-flight (pricing:GetProducts, the state machine's Region: us-east-1 here), served by the local layer from its
 * fixture (price-list-extended-support.json, the API's response shape); the dated table when the call fails.
 * aurora-postgresql 13 is in Extended Support year 1 here (the fixture's dates).
 */
class ExtendedSupportPriceListTest extends WorkflowTestSupport {
    ExtendedSupportPriceListTest() {
        super(BlueGreenWorkflowTest.MACHINE, "esp", Duration.ofMinutes(2));
    }

    /** A Serverless v2 aurora-postgresql 13.12 cluster whose one db.serverless writer averaged 4 ACU. */
    private String serverlessPg13() {
        String id = TestEmulator.uniqueId("esp-pg13");
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
                .masterUsername("dbadmin").masterUserPassword("local-only-1")
                .serverlessV2ScalingConfiguration(c -> c.minCapacity(0.5).maxCapacity(16.0)));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.serverless"));
        TestEmulator.putHourly("ServerlessDatabaseCapacity", "DBInstanceIdentifier", id + "-1", h -> 4.0);
        return id;
    }

    private JsonNode plannedCost(String id) throws Exception {
        var ex = env.execute(BlueGreenWorkflowTest.MACHINE, TestEmulator.uniqueId("esp-dry"), TestEmulator.JSON
                .writeValueAsString(input(id, "targetEngineVersion", "16.6", "acceptUncheckedReplicaLag", true,
                        "dryRun", true)), Duration.ofMinutes(2));
        assertSucceeded(ex);
        JsonNode plan = TestEmulator.JSON.readTree(ex.output());
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        return plan.get("extendedSupport");
    }

    @Test
    void thePlanIsPricedWithThePriceListsRatesForTheRegionToTheCent() throws Exception {
        String id = serverlessPg13();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode fixture = plannedCost(id);
        assertTrue(fixture.get("basis").asText().startsWith("prices: AWS Price List API, us-east-1, " + today), fixture.toString());
        assertTrue(fixture.get("basis").asText().contains("usage type ExtendedSupport:Yr1-Yr2:ASv2:AuroraPostgreSQL13"),
                fixture.toString());

        // A rate the table does not have, so the figure can only come from the Price List: 4 ACU x 0.0999 x 730 h.
        ObjectNode product = (ObjectNode) TestEmulator.JSON.readTree("""
                {"product": {"attributes": {"regionCode": "us-east-1", "servicecode": "AmazonRDS",
                   "databaseEngine": "Aurora PostgreSQL", "engineMajorVersion": "13", "extendedSupportPricingYear": "Year 1, Year 2",
                   "usagetype": "ExtendedSupport:Yr1-Yr2:ASv2:AuroraPostgreSQL13"}, "sku": "TESTSKU"},
                 "serviceCode": "AmazonRDS",
                 "terms": {"OnDemand": {"TESTSKU.JRTCKXETXF": {"effectiveDate": "2026-04-01T00:00:00Z",
                   "priceDimensions": {"TESTSKU.JRTCKXETXF.6YS6EN2CT7": {"unit": "ACU-hour", "description": "test rate",
                     "pricePerUnit": {"USD": "0.0999000000"}}}}}}}
                """);
        env.lambda().servePriceList(TestEmulator.JSON.createArrayNode().add(product));
        JsonNode cost = plannedCost(id);
        assertEquals(291.71, cost.get("monthlyNow").asDouble(), cost.toString());
        assertEquals(291.71, cost.get("monthlyOldBlue").asDouble(), "the old blue stays on 13: " + cost);
        assertTrue(cost.get("priceSource").asText().startsWith("AWS Price List API (pricing:GetProducts, AmazonRDS, us-east-1"),
                cost.toString());
    }

    @Test
    void aPriceListThatDoesNotAnswerNeverFailsThePlanTheDatedTablePricesItAndSaysWhy() throws Exception {
        String id = serverlessPg13();
        env.lambda().failPriceList("ServiceUnavailableException");
        JsonNode cost = plannedCost(id);
        // The table's us-east-1 rate: 4 ACU x 0.085 x 730 h.
        assertEquals(248.20, cost.get("monthlyNow").asDouble(), cost.toString());
        assertTrue(cost.get("basis").asText().startsWith("prices: dated table (2026-12-02, us-east-1), because the AWS Price "
                + "List API did not answer in us-east-1 (Pricing."), cost.toString());
    }

    @Test
    void aPriceListAnswerOverTheStateQuotaFallsBackToTheTableInsteadOfFailingThePlan() throws Exception {
        String id = serverlessPg13();
        // 400 products of about 1.2 KB: over Step Functions' 256 KiB, which States.ALL does not catch on AWS (nor here).
        var products = TestEmulator.JSON.createArrayNode();
        for (int i = 0; i < 400; i++) {
            products.add(TestEmulator.JSON.readTree("""
                    {"product": {"attributes": {"regionCode": "us-east-1", "databaseEngine": "Aurora MySQL",
                       "usagetype": "ExtendedSupport:Yr1-Yr2:vCPU:AuroraMySQL57", "note": "%s"}, "sku": "SKU%d"},
                     "serviceCode": "AmazonRDS", "terms": {}}
                    """.formatted("n".repeat(1000), i)));
        }
        env.lambda().servePriceList(products);
        JsonNode cost = plannedCost(id);
        assertEquals(248.20, cost.get("monthlyNow").asDouble(), "the table's rate: " + cost);
        assertTrue(cost.get("basis").asText().startsWith("prices: dated table (2026-12-02, us-east-1), because the AWS Price "
                + "List API's answer in us-east-1 was larger than a Step Functions state may hold"), cost.toString());
    }
}
