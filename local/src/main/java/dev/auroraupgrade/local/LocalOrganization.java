package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * An AWS Organizations organization on moto (fleet input organization, issue 24): created by one emulator account,
 * its management account, with OUs and member accounts, through moto's own Organizations API (JSON 1.1; this build has
 * no Java SDK module for Organizations). moto gives each created account an id of its own, as AWS does.
 */
public final class LocalOrganization {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "AWSOrganizationsV20161128.";

    private final URI moto;
    private final String management;
    private final String id;
    private final String rootId;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Creates the organization in {@code management} (an emulator account in no organization yet). */
    public LocalOrganization(URI moto, String management) {
        this.moto = moto;
        this.management = management;
        this.id = call(management, "CreateOrganization", Map.of("FeatureSet", "ALL")).path("Organization").path("Id").asText();
        this.rootId = call(management, "ListRoots", Map.of()).path("Roots").get(0).path("Id").asText();
    }

    public String managementAccount() {
        return management;
    }

    public String id() {
        return id;
    }

    public String rootId() {
        return rootId;
    }

    /** A new OU directly under the root; its id. */
    public String createOrganizationalUnit(String name) {
        return createOrganizationalUnit(name, rootId);
    }

    /**
     * A new OU under {@code parent} (the root or an OU); its id. moto nests OUs without AWS's bound (five levels under
     * the root), so a deeper tree than AWS allows can be built here, on purpose only.
     */
    public String createOrganizationalUnit(String name, String parent) {
        return call(management, "CreateOrganizationalUnit", Map.of("ParentId", parent, "Name", name))
                .path("OrganizationalUnit").path("Id").asText();
    }

    /** A new member account (in the root), moved into {@code ou} (at any depth) unless it is null; its id. */
    public String createAccount(String name, String ou) {
        String account = call(management, "CreateAccount", Map.of("AccountName", name, "Email", name + "@example.com"))
                .path("CreateAccountStatus").path("AccountId").asText();
        if (ou != null) {
            call(management, "MoveAccount", Map.of("AccountId", account, "SourceParentId", rootId, "DestinationParentId", ou));
        }
        return account;
    }

    /** CloseAccount: moto makes the account SUSPENDED at once (AWS: PENDING_CLOSURE, then SUSPENDED). */
    public void closeAccount(String account) {
        call(management, "CloseAccount", Map.of("AccountId", account));
    }

    /** One Organizations call as {@code account}, its answer; an error answer throws with moto's message. */
    JsonNode call(String account, String operation, Map<String, ?> request) {
        try {
            var resp = http.send(HttpRequest.newBuilder(moto.resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", TARGET + operation)
                    .header("x-moto-account-id", account)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/organizations/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("Organizations " + operation + " as " + account + ": " + resp.statusCode()
                        + " " + resp.body());
            }
            return resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
