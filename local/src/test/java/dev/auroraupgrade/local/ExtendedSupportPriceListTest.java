package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plans' Extended Support cost (Blue/Green, migrate, in-place) priced with the AWS Price List API, which each state
 * machine reads before its pre-flight (pricing:GetProducts, the state machine's Region: us-east-1 here), served by the
 * local layer from its fixture (price-list-extended-support.json, the API's response shape); the dated table when the
 * call fails. aurora-postgresql 13 is in Extended Support year 1 here (the fixture's dates).
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

    /**
     * Rates the table does not have, so a figure priced with them can only come from the Price List: aurora-postgresql
     * 13 years 1-2 at $0.0999 per ACU-hour and $0.1111 per vCPU-hour (us-east-1).
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode testProducts() throws Exception {
        var products = TestEmulator.JSON.createArrayNode();
        for (String[] p : new String[][] {{"TESTACU", "ExtendedSupport:Yr1-Yr2:ASv2:AuroraPostgreSQL13", "ACU-hour", "0.0999000000"},
                {"TESTVCPU", "ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL13", "vCPU-hour", "0.1111000000"}}) {
            products.add(TestEmulator.JSON.readTree("""
                    {"product": {"attributes": {"regionCode": "us-east-1", "servicecode": "AmazonRDS",
                       "databaseEngine": "Aurora PostgreSQL", "engineMajorVersion": "13", "extendedSupportPricingYear": "Year 1, Year 2",
                       "usagetype": "%2$s"}, "sku": "%1$s"},
                     "serviceCode": "AmazonRDS",
                     "terms": {"OnDemand": {"%1$s.JRTCKXETXF": {"effectiveDate": "2026-04-01T00:00:00Z",
                       "priceDimensions": {"%1$s.JRTCKXETXF.6YS6EN2CT7": {"unit": "%3$s", "description": "test rate",
                         "pricePerUnit": {"USD": "%4$s"}}}}}}}
                    """.formatted(p[0], p[1], p[2], p[3])));
        }
        return products;
    }

    private JsonNode dryRunCost(String machine, Map<String, Object> input) throws Exception {
        input.put("dryRun", true);
        var ex = env.execute(machine, TestEmulator.uniqueId("esp-dry"), TestEmulator.JSON.writeValueAsString(input),
                Duration.ofMinutes(2));
        assertSucceeded(ex);
        JsonNode plan = TestEmulator.JSON.readTree(ex.output());
        assertEquals("PLANNED", plan.get("status").asText(), plan.toString());
        return plan.get("extendedSupport");
    }

    /** The in-place route (a compute move of the Serverless v2 cluster: it keeps its 4 ACU writer at 13). */
    private JsonNode inPlaceCost(String id) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterIdentifier", id);
        return dryRunCost(InPlaceWorkflowTest.MACHINE, in);
    }

    /** A former Serverless v1 aurora-postgresql 13.12 cluster (provisioned) with one db.r5.large writer: 2 vCPU. */
    private String provisionedPg13() {
        String id = TestEmulator.uniqueId("esp-src");
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
                .masterUsername("dbadmin").masterUserPassword("local-only-1"));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r5.large"));
        return id;
    }

    private JsonNode migrationCost(String source) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("sourceClusterIdentifier", source);
        in.put("targetEngineVersion", "13.20");
        return dryRunCost(MigrationWorkflowTest.MACHINE, in);
    }

    @Test
    void theInPlacePlanIsPricedWithThePriceListsRatesToTheCent() throws Exception {
        String id = serverlessPg13();
        env.lambda().servePriceList(testProducts());
        JsonNode cost = inPlaceCost(id);
        assertTrue(cost.get("basis").asText().startsWith("prices: AWS Price List API, us-east-1, "
                + LocalDate.now(ZoneOffset.UTC)), cost.toString());
        // 4 ACU x 0.0999 x 730 h = 291.708; the table's 0.085 would give 248.20. A compute move keeps paying it.
        assertEquals(291.71, cost.get("monthlyNow").asDouble(), cost.toString());
        assertEquals(291.71, cost.get("monthlyAfter").asDouble(), cost.toString());
        assertTrue(cost.get("priceSource").asText().startsWith("AWS Price List API (pricing:GetProducts, AmazonRDS, us-east-1"),
                cost.toString());
    }

    @Test
    void anInPlacePlanWhosePriceListDoesNotAnswerIsPricedWithTheTableAndSaysWhy() throws Exception {
        String id = serverlessPg13();
        env.lambda().failPriceList("ServiceUnavailableException");
        JsonNode cost = inPlaceCost(id);
        assertEquals(248.20, cost.get("monthlyNow").asDouble(), "the table's us-east-1 rate, 4 x 0.085 x 730: " + cost);
        assertTrue(cost.get("basis").asText().startsWith("prices: dated table (2026-12-02, us-east-1), because the AWS Price "
                + "List API did not answer in us-east-1 (Pricing."), cost.toString());
    }

    @Test
    void theMigrationPlanIsPricedWithThePriceListsRatesToTheCent() throws Exception {
        String source = provisionedPg13();
        env.lambda().servePriceList(testProducts());
        JsonNode cost = migrationCost(source);
        assertTrue(cost.get("basis").asText().startsWith("prices: AWS Price List API, us-east-1, "
                + LocalDate.now(ZoneOffset.UTC)), cost.toString());
        assertTrue(cost.get("basis").asText().contains("usage type ExtendedSupport:Yr1-Yr2:AuroraPostgreSQL13"), cost.toString());
        // db.r5.large, 2 vCPU x 0.1111 x 730 h = 162.206; the table's 0.100 would give 146.00.
        assertEquals(162.21, cost.get("monthlyNow").asDouble(), cost.toString());
        assertTrue(cost.get("priceSource").asText().startsWith("AWS Price List API (pricing:GetProducts, AmazonRDS, us-east-1"),
                cost.toString());
    }

    @Test
    void aMigrationPlanWhosePriceListDoesNotAnswerIsPricedWithTheTableAndSaysWhy() throws Exception {
        String source = provisionedPg13();
        env.lambda().failPriceList("ServiceUnavailableException");
        JsonNode cost = migrationCost(source);
        assertEquals(146.00, cost.get("monthlyNow").asDouble(), "the table's us-east-1 rate, 2 x 0.100 x 730: " + cost);
        assertTrue(cost.get("basis").asText().startsWith("prices: dated table (2026-12-02, us-east-1), because the AWS Price "
                + "List API did not answer in us-east-1 (Pricing."), cost.toString());
    }
}
