package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What DescribeDBEngineVersions answers on AWS (moto 5.2.1 does not implement it), from a dated fixture
 * (resource rds-engine-versions.json, which says where its figures come from). The local layer serves it and
 * refuses restores and upgrades to versions AWS does not offer or cannot reach, as AWS does.
 */
final class EngineVersionFixture {
    private final List<JsonNode> versions = new ArrayList<>();
    private final String asOf;

    EngineVersionFixture() {
        try (InputStream in = EngineVersionFixture.class.getResourceAsStream("/rds-engine-versions.json")) {
            JsonNode doc = new ObjectMapper().readTree(in);
            doc.get("DBEngineVersions").forEach(versions::add);
            asOf = doc.get("asOf").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Versions a test changed, as they were, to put back on {@link #reset}. */
    private final java.util.Map<JsonNode, JsonNode> changed = new java.util.concurrent.ConcurrentHashMap<>();
    /** engine/version pairs where a test made db.serverless not orderable (a Region without it). */
    private final java.util.Set<String> notOrderable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    String asOf() {
        return asOf;
    }

    /** For a test: RDS answers this ServerlessV2FeaturesSupport for the version (null: none) until {@link #reset}. */
    void serverlessV2Features(String engine, String version, Double minCapacity, Double maxCapacity) {
        com.fasterxml.jackson.databind.node.ObjectNode v = (com.fasterxml.jackson.databind.node.ObjectNode)
                find(engine, version).orElseThrow();
        changed.putIfAbsent(v, v.deepCopy());
        if (maxCapacity == null) {
            v.putNull("ServerlessV2FeaturesSupport");
        } else {
            v.putObject("ServerlessV2FeaturesSupport").put("MinCapacity", minCapacity).put("MaxCapacity", maxCapacity);
        }
    }

    /** For a test: db.serverless is not orderable for the version in this Region until {@link #reset}. */
    void serverlessNotOrderable(String engine, String version) {
        notOrderable.add(engine + "/" + version);
    }

    void reset() {
        changed.forEach((v, was) -> ((com.fasterxml.jackson.databind.node.ObjectNode) v).setAll(
                (com.fasterxml.jackson.databind.node.ObjectNode) was));
        changed.clear();
        notOrderable.clear();
    }

    /**
     * DescribeOrderableDBInstanceOptions for db.serverless: orderable exactly where the version lists
     * ServerlessV2FeaturesSupport (RDS API reference, DescribeOrderableDBInstanceOptions; Aurora User Guide,
     * "Requirements and limitations for Aurora Serverless v2"). An empty list when it is not.
     */
    String orderableServerlessResponse(String engine, String version, String requestId) {
        boolean orderable = find(engine, version).map(v -> v.hasNonNull("ServerlessV2FeaturesSupport")).orElse(false)
                && !notOrderable.contains(engine + "/" + version);
        StringBuilder xml = new StringBuilder("<DescribeOrderableDBInstanceOptionsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeOrderableDBInstanceOptionsResult><OrderableDBInstanceOptions>");
        if (orderable) {
            xml.append("<OrderableDBInstanceOption>");
            element(xml, "Engine", engine);
            element(xml, "EngineVersion", version);
            element(xml, "DBInstanceClass", "db.serverless");
            element(xml, "LicenseModel", "general-public-license");
            xml.append("<SupportedEngineModes>");
            element(xml, "member", "provisioned");
            xml.append("</SupportedEngineModes></OrderableDBInstanceOption>");
        }
        return xml.append("</OrderableDBInstanceOptions></DescribeOrderableDBInstanceOptionsResult><ResponseMetadata><RequestId>")
                .append(requestId).append("</RequestId></ResponseMetadata></DescribeOrderableDBInstanceOptionsResponse>").toString();
    }

    Optional<JsonNode> find(String engine, String version) {
        return versions.stream().filter(v -> v.get("Engine").asText().equals(engine)
                && v.get("EngineVersion").asText().equals(version)).findFirst();
    }

    /** Offered for new clusters (a restore, a green): listed without IncludeAll, Status "available". */
    boolean offered(String engine, String version) {
        return find(engine, version).filter(EngineVersionFixture::available).isPresent();
    }

    private static boolean available(JsonNode v) {
        return "available".equals(v.get("Status").asText());
    }

    /** True when RDS lists {@code to} among the direct upgrade targets of {@code from}. */
    boolean canUpgrade(String engine, String from, String to) {
        return find(engine, from).map(v -> {
            for (JsonNode t : v.get("ValidUpgradeTarget")) {
                if (t.get("EngineVersion").asText().equals(to)) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    /**
     * The DescribeDBEngineVersions response (query protocol XML) for an engine and, optionally, one version. RDS API
     * reference, DescribeDBEngineVersions: IncludeAll "also list[s] the engine versions that aren't available"; without
     * it only available ones are listed.
     */
    String describeResponse(String engine, String version, boolean includeAll, String requestId) {
        StringBuilder xml = new StringBuilder("<DescribeDBEngineVersionsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeDBEngineVersionsResult><DBEngineVersions>");
        for (JsonNode v : versions) {
            if ((engine != null && !engine.equals(v.get("Engine").asText()))
                    || (version != null && !version.equals(v.get("EngineVersion").asText()))
                    || (!includeAll && !available(v))) {
                continue;
            }
            xml.append("<DBEngineVersion>");
            for (String field : List.of("Engine", "EngineVersion", "DBParameterGroupFamily", "Status")) {
                element(xml, field, v.get(field).asText());
            }
            xml.append("<SupportedEngineModes>");
            v.get("SupportedEngineModes").forEach(m -> element(xml, "member", m.asText()));
            xml.append("</SupportedEngineModes><ValidUpgradeTarget>");
            for (JsonNode t : v.get("ValidUpgradeTarget")) {
                xml.append("<UpgradeTarget>");
                element(xml, "Engine", v.get("Engine").asText());
                element(xml, "EngineVersion", t.get("EngineVersion").asText());
                element(xml, "IsMajorVersionUpgrade", t.get("IsMajorVersionUpgrade").asText());
                xml.append("</UpgradeTarget>");
            }
            xml.append("</ValidUpgradeTarget>");
            JsonNode sv2 = v.get("ServerlessV2FeaturesSupport");
            if (sv2 != null && !sv2.isNull()) {
                xml.append("<ServerlessV2FeaturesSupport>");
                element(xml, "MinCapacity", sv2.get("MinCapacity").asText());
                element(xml, "MaxCapacity", sv2.get("MaxCapacity").asText());
                xml.append("</ServerlessV2FeaturesSupport>");
            }
            xml.append("</DBEngineVersion>");
        }
        return xml.append("</DBEngineVersions></DescribeDBEngineVersionsResult><ResponseMetadata><RequestId>")
                .append(requestId).append("</RequestId></ResponseMetadata></DescribeDBEngineVersionsResponse>").toString();
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>').append(value.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</").append(name).append('>');
    }
}
