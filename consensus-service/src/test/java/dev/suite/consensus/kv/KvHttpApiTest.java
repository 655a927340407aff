package dev.suite.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Consul KV HTTP API as a client sees it, against one real node (a single-voter Raft group on
 * disk) on a real port: answers, headers, blocking queries, refusals and the ACL token. Every
 * request carries the configured token unless a test says otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "suite.consensus.node-id=n1",
        "suite.consensus.acl-token=" + KvHttpApiTest.TOKEN,
        "suite.consensus.election-timeout-min=300ms",
        "suite.consensus.election-timeout-max=600ms",
        // The Consul config client is on the test classpath for another test; this node is no client.
        "spring.cloud.consul.enabled=false"})
// Closes the Raft node when the class ends, before the temporary directory is deleted.
@DirtiesContext
class KvHttpApiTest {

    static final String TOKEN = "secret";
    private static final int RAFT_PORT = freePort();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void singleNode(DynamicPropertyRegistry registry) {
        registry.add("suite.consensus.peers", () -> "n1=localhost:" + RAFT_PORT);
        registry.add("suite.consensus.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    KvService kv;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void leaderElected() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                !send(HttpRequest.newBuilder(uri("/v1/status/leader")).GET(), false).body().equals("\"\""));
    }

    // --- answers

    @Test
    void putThenGetAnswersConsulsFieldsWithRaftIndexes() {
        long appliedBefore = kv.changes().applied();
        Answer put = put("/v1/kv/t/get/a", "hello");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.contentType()).startsWith("application/json");
        assertThat(put.body()).isEqualTo("true");
        // The index is the Raft log index of the entry that carried the write (Ratis also applies
        // metadata and configuration entries, so the applied index may already be past it).
        long appliedAfter = kv.changes().applied();
        assertThat(put.index()).isGreaterThan(appliedBefore).isLessThanOrEqualTo(appliedAfter);

        Answer first = get("/v1/kv/t/get/a");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/json");
        JsonNode pair = single(first);
        assertThat(pair.get("LockIndex").asLong()).isZero();
        assertThat(pair.get("Key").asString()).isEqualTo("t/get/a");
        assertThat(pair.get("Flags").asLong()).isZero();
        assertThat(pair.get("Value").asString()).isEqualTo(base64("hello"));
        long created = pair.get("CreateIndex").asLong();
        assertThat(created).isEqualTo(put.index()).isEqualTo(pair.get("ModifyIndex").asLong());
        assertThat(first.index()).isEqualTo(created);

        Answer update = put("/v1/kv/t/get/a", "world");
        assertThat(update.body()).isEqualTo("true");
        assertThat(update.index()).isGreaterThan(put.index()).isLessThanOrEqualTo(kv.changes().applied());
        JsonNode updated = single(get("/v1/kv/t/get/a"));
        assertThat(updated.get("Value").asString()).isEqualTo(base64("world"));
        assertThat(updated.get("CreateIndex").asLong()).isEqualTo(created);
        assertThat(updated.get("ModifyIndex").asLong()).isEqualTo(update.index());
    }

    @Test
    void emptyValueIsNull() {
        put("/v1/kv/t/empty", "");
        assertThat(single(get("/v1/kv/t/empty")).get("Value").isNull()).isTrue();
    }

    @Test
    void rawAnswersTheValueBytes() {
        byte[] value = {0, 1, (byte) 0xff, (byte) 0xc3, 'x'};
        assertThat(send(request("/v1/kv/t/raw").PUT(HttpRequest.BodyPublishers.ofByteArray(value)), true).body())
                .isEqualTo("true");
        Answer raw = get("/v1/kv/t/raw?raw");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.bytes()).isEqualTo(value);
    }

    @Test
    void recurseListsEveryKeyUnderThePrefix() {
        put("/v1/kv/t/rec/a", "1");
        put("/v1/kv/t/rec/b/c", "2");
        put("/v1/kv/t/recx", "3");
        Answer listed = get("/v1/kv/t/rec/?recurse");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(keys(listed.json())).containsExactly("t/rec/a", "t/rec/b/c");
        assertThat(listed.json().get(1).get("Value").asString()).isEqualTo(base64("2"));
        assertThat(listed.index()).isEqualTo(listed.json().get(1).get("ModifyIndex").asLong());
        assertThat(get("/v1/kv/t/rec/nothing/?recurse").status()).isEqualTo(404);
    }

    @Test
    void keysWithSeparatorStopAtTheNextSeparator() {
        put("/v1/kv/t/keys/a", "1");
        put("/v1/kv/t/keys/b/c", "2");
        put("/v1/kv/t/keys/b/d", "3");
        assertThat(strings(get("/v1/kv/t/keys/?keys&separator=/").json())).containsExactly("t/keys/a", "t/keys/b/");
        assertThat(strings(get("/v1/kv/t/keys/?keys").json())).containsExactly("t/keys/a", "t/keys/b/c", "t/keys/b/d");
    }

    @Test
    void flagsAreStoredAndResetByAWriteWithout() {
        put("/v1/kv/t/flags?flags=42", "v");
        assertThat(single(get("/v1/kv/t/flags")).get("Flags").asLong()).isEqualTo(42);
        put("/v1/kv/t/flags", "v");
        assertThat(single(get("/v1/kv/t/flags")).get("Flags").asLong()).isZero();
    }

    @Test
    void casWritesOnlyOverTheGivenModifyIndex() {
        put("/v1/kv/t/cas", "v1");
        long modified = single(get("/v1/kv/t/cas")).get("ModifyIndex").asLong();
        assertThat(put("/v1/kv/t/cas?cas=" + modified, "v2").body()).isEqualTo("true");

        long before = kv.view().index("");
        Answer stale = put("/v1/kv/t/cas?cas=" + modified, "v3");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("false");
        assertThat(stale.index()).isPositive();
        assertThat(single(get("/v1/kv/t/cas")).get("Value").asString()).isEqualTo(base64("v2"));
        assertThat(kv.view().index("")).isEqualTo(before);
    }

    @Test
    void casZeroOnlyCreates() {
        assertThat(put("/v1/kv/t/cas0?cas=0", "first").body()).isEqualTo("true");
        assertThat(put("/v1/kv/t/cas0?cas=0", "second").body()).isEqualTo("false");
        assertThat(single(get("/v1/kv/t/cas0")).get("Value").asString()).isEqualTo(base64("first"));
    }

    @Test
    void deleteRemovesTheKey() {
        put("/v1/kv/t/del1", "v");
        Answer deleted = delete("/v1/kv/t/del1");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("true");
        Answer gone = get("/v1/kv/t/del1");
        assertThat(gone.status()).isEqualTo(404);
        // The index of a deleted key is that of the delete.
        assertThat(gone.index()).isEqualTo(deleted.index());
    }

    @Test
    void deleteWithCasNeedsTheCurrentModifyIndex() {
        put("/v1/kv/t/delcas", "v");
        long modified = single(get("/v1/kv/t/delcas")).get("ModifyIndex").asLong();
        assertThat(delete("/v1/kv/t/delcas?cas=" + (modified - 1)).body()).isEqualTo("false");
        assertThat(get("/v1/kv/t/delcas").status()).isEqualTo(200);
        assertThat(delete("/v1/kv/t/delcas?cas=" + modified).body()).isEqualTo("true");
        assertThat(get("/v1/kv/t/delcas").status()).isEqualTo(404);
    }

    @Test
    void deleteRecurseRemovesTheSubtreeOnly() {
        put("/v1/kv/t/tree/a", "1");
        put("/v1/kv/t/tree/b/c", "2");
        put("/v1/kv/t/treex", "3");
        assertThat(delete("/v1/kv/t/tree/?recurse").body()).isEqualTo("true");
        assertThat(get("/v1/kv/t/tree/?recurse").status()).isEqualTo(404);
        assertThat(get("/v1/kv/t/tree/a").status()).isEqualTo(404);
        assertThat(get("/v1/kv/t/treex").status()).isEqualTo(200);
    }

    @Test
    void keysArePercentDecodedAndKeptWhole() {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("t/chars/semi;x=1", "t/chars/semi;x=1");
        sent.put("t/chars/x%3By", "t/chars/x;y");
        sent.put("t/chars/sp%20ace", "t/chars/sp ace");
        sent.put("t/chars/pct%25x", "t/chars/pct%x");
        sent.put("t/chars/utf%C3%A9", "t/chars/utf\u00e9");
        sent.put("t/chars/q%3Fm", "t/chars/q?m");
        sent.put("t/chars/plus+x", "t/chars/plus+x");
        sent.put("t/chars/dbl//slash", "t/chars/dbl//slash");
        sent.forEach((path, key) -> {
            assertThat(put("/v1/kv/" + path, key).body()).as(path).isEqualTo("true");
            assertThat(kv.view().get(key)).as(path).isPresent();
            assertThat(get("/v1/kv/" + path + "?raw").body()).as(path).isEqualTo(key);
        });
        assertThat(strings(get("/v1/kv/t/chars/?keys").json())).containsExactlyInAnyOrderElementsOf(sent.values());
    }

    @Test
    void missingKeyIs404WithAnIndex() {
        Answer missing = get("/v1/kv/t/missing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
        assertThat(missing.index()).isPositive();
    }

    @Test
    void staleAndConsistentReadsSeeTheWrite() {
        put("/v1/kv/t/modes", "v");
        for (String mode : List.of("?stale", "?consistent", "?stale&raw", "?consistent&raw")) {
            Answer read = get("/v1/kv/t/modes" + mode);
            assertThat(read.status()).as(mode).isEqualTo(200);
            assertThat(read.index()).as(mode).isPositive();
        }
        assertThat(get("/v1/kv/t/modes?stale&raw").body()).isEqualTo("v");
        assertThat(single(get("/v1/kv/t/modes?consistent")).get("Value").asString()).isEqualTo(base64("v"));
    }

    @Test
    void aKeepAliveConnectionServesMoreThanAHundredRequests() throws IOException {
        // Tomcat's default closes a keep-alive connection after 100 requests; the node keeps it open.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            for (int i = 1; i <= 150; i++) {
                String body = "v" + i;
                out.write(("PUT /v1/kv/keepalive HTTP/1.1\r\nHost: localhost\r\nX-Consul-Token: " + TOKEN
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(in.readLine()).as("status line of request %d", i).isEqualTo("HTTP/1.1 200 ");
                int length = -1;
                for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
                    assertThat(header.toLowerCase()).as("request %d", i).doesNotStartWith("connection: close");
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                assertThat(in.skip(length)).isEqualTo(length);
            }
        }
        assertThat(kv.view().get("keepalive")).map(entry -> new String(entry.value(), StandardCharsets.UTF_8))
                .contains("v150");
    }

    // --- blocking queries

    @Test
    void blockingQueryReturnsWhenAnotherClientWrites() throws Exception {
        put("/v1/kv/t/watch", "before");
        long index = get("/v1/kv/t/watch").index();
        long start = System.nanoTime();
        CompletableFuture<Answer> blocked = CompletableFuture.supplyAsync(
                () -> get("/v1/kv/t/watch?index=" + index + "&wait=5s"));
        // the query is parked on the store's index before anything changes it
        await().atMost(Duration.ofSeconds(3)).until(() -> kv.changes().waiting() > 0);
        assertThat(blocked).isNotDone();
        put("/v1/kv/t/watch", "after");
        Answer changed = blocked.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.index()).isGreaterThan(index);
        assertThat(single(changed).get("Value").asString()).isEqualTo(base64("after"));
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void blockingQueryWithoutAChangeReturnsTheSameIndexAfterTheWait() {
        put("/v1/kv/t/idle", "v");
        long index = get("/v1/kv/t/idle").index();
        long start = System.nanoTime();
        Answer unchanged = get("/v1/kv/t/idle?index=" + index + "&wait=1s");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.index()).isEqualTo(index);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofSeconds(3));
    }

    // --- refusals: a problem detail, and nothing written

    @Test
    void keyWithDotDotIsRefused() {
        long before = kv.view().index("");
        assertProblem(put("/v1/kv/t/bad/a..b", "v"), 400, "'..'");
        // A client that sends the path as is must not get a normalized key written instead.
        assertProblem(put("/v1/kv/t/bad/x/../y", "v"), 400, "'..'");
        assertProblem(put("/v1/kv/t/bad/%2E%2E/z", "v"), 400, "'..'");
        assertNothingWritten(before, "t/bad/a..b", "t/bad/y", "t/bad/x/../y", "t/bad/z", "t/bad/../z");
    }

    @Test
    void keyWithAControlCharacterIsRefused() {
        long before = kv.view().index("");
        assertProblem(put("/v1/kv/t/bad/ctl%01key", "v"), 400, "control character");
        assertProblem(put("/v1/kv/t/bad/del%7Fkey", "v"), 400, "control character");
        assertNothingWritten(before, "t/bad/ctl\u0001key", "t/bad/del\u007fkey");
    }

    @Test
    void emptyKeyIsRefusedOnPut() {
        long before = kv.view().index("");
        assertProblem(put("/v1/kv/", "v"), 400, "missing key");
        assertNothingWritten(before, "");
    }

    @Test
    void valueOverTheLimitIs413() {
        long before = kv.view().index("");
        byte[] tooLarge = new byte[KeyRules.MAX_VALUE_BYTES + 1];
        assertProblem(send(request("/v1/kv/t/bad/large").PUT(HttpRequest.BodyPublishers.ofByteArray(tooLarge)), true),
                413, "limit");
        assertNothingWritten(before, "t/bad/large");

        byte[] atTheLimit = new byte[KeyRules.MAX_VALUE_BYTES];
        assertThat(send(request("/v1/kv/t/bad/large").PUT(HttpRequest.BodyPublishers.ofByteArray(atTheLimit)), true)
                .body()).isEqualTo("true");
        assertThat(get("/v1/kv/t/bad/large?raw").bytes()).hasSize(KeyRules.MAX_VALUE_BYTES);
    }

    @Test
    void nonNumericParametersAre400() {
        long before = kv.view().index("");
        assertProblem(put("/v1/kv/t/bad/cas?cas=abc", "v"), 400, "'cas'");
        assertProblem(put("/v1/kv/t/bad/cas?cas=-1", "v"), 400, "'cas'");
        assertProblem(put("/v1/kv/t/bad/flags?flags=x", "v"), 400, "'flags'");
        assertProblem(delete("/v1/kv/t/bad/cas?cas=abc"), 400, "'cas'");
        assertProblem(get("/v1/kv/t/bad/cas?index=abc"), 400, "'index'");
        assertProblem(get("/v1/kv/t/bad/cas?index=1&wait=soon"), 400, "'wait'");
        assertNothingWritten(before, "t/bad/cas", "t/bad/flags");
    }

    @Test
    void sessionsAreRefused() {
        long before = kv.view().index("");
        assertProblem(put("/v1/kv/t/bad/lock?acquire=s1", "v"), 400, "acquire");
        assertProblem(put("/v1/kv/t/bad/lock?release=s1", "v"), 400, "release");
        assertNothingWritten(before, "t/bad/lock");
    }

    // --- ACL token

    @Test
    void writeWithoutTheTokenIs403AndWritesNothing() {
        long before = kv.view().index("");
        assertProblem(send(anonymous("/v1/kv/t/acl/w").PUT(body("v")), true), 403, "X-Consul-Token");
        assertProblem(send(anonymous("/v1/kv/t/acl/w").DELETE(), true), 403, "X-Consul-Token");
        assertNothingWritten(before, "t/acl/w");
    }

    @Test
    void readsNeedTheTokenUnlessStale() {
        put("/v1/kv/t/acl/r", "v");
        assertProblem(send(anonymous("/v1/kv/t/acl/r").GET(), true), 403, "X-Consul-Token");
        assertProblem(send(anonymous("/v1/kv/t/acl/r?consistent").GET(), true), 403, "X-Consul-Token");
        Answer stale = send(anonymous("/v1/kv/t/acl/r?stale").GET(), true);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(single(stale).get("Value").asString()).isEqualTo(base64("v"));
    }

    @Test
    void aWrongTokenIs403() {
        long before = kv.view().index("");
        assertProblem(send(anonymous("/v1/kv/t/acl/x").header("X-Consul-Token", "wrong").PUT(body("v")), true),
                403, "X-Consul-Token");
        assertProblem(send(anonymous("/v1/kv/t/acl/x").header("Authorization", "Bearer wrong").GET(), true),
                403, "X-Consul-Token");
        assertProblem(send(anonymous("/v1/kv/t/acl/x?token=wrong").GET(), true), 403, "X-Consul-Token");
        assertNothingWritten(before, "t/acl/x");
    }

    @Test
    void bearerAndQueryTokensAreAccepted() {
        Answer bearer = send(anonymous("/v1/kv/t/acl/bearer").header("Authorization", "Bearer " + TOKEN)
                .PUT(body("b")), true);
        assertThat(bearer.body()).isEqualTo("true");
        Answer query = send(anonymous("/v1/kv/t/acl/query?token=" + TOKEN).PUT(body("q")), true);
        assertThat(query.body()).isEqualTo("true");
        assertThat(send(anonymous("/v1/kv/t/acl/bearer?raw&token=" + TOKEN).GET(), true).body()).isEqualTo("b");
        assertThat(send(anonymous("/v1/kv/t/acl/query?raw").header("Authorization", "Bearer " + TOKEN).GET(), true)
                .body()).isEqualTo("q");
    }

    // --- helpers

    record Answer(URI uri, int status, byte[] bytes, java.net.http.HttpHeaders headers) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        long index() {
            return Long.parseLong(headers.firstValue("X-Consul-Index").orElseThrow());
        }

        JsonNode json() {
            return JSON.readTree(bytes);
        }
    }

    private Answer get(String path) {
        return send(request(path).GET(), true);
    }

    private Answer put(String path, String value) {
        return send(request(path).PUT(body(value)), true);
    }

    private Answer delete(String path) {
        return send(request(path).DELETE(), true);
    }

    /** A request with the ACL token, as every client of this node is configured to send. */
    private HttpRequest.Builder request(String path) {
        return anonymous(path).header("X-Consul-Token", TOKEN);
    }

    private HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpRequest.BodyPublisher body(String value) {
        return HttpRequest.BodyPublishers.ofString(value);
    }

    /** Sends; a KV answer must carry a positive X-Consul-Index, whatever its status. */
    private Answer send(HttpRequest.Builder request, boolean kvAnswer) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Answer answer = new Answer(response.uri(), response.statusCode(), response.body(),
                    response.headers());
            if (kvAnswer) {
                assertThat(answer.headers().firstValue("X-Consul-Index"))
                        .as("X-Consul-Index on %s %s (%d)", response.request().method(), response.uri(), answer.status())
                        .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isPositive());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(Answer answer, int status, String detailMentions) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        // RFC 9457: an absent type means about:blank (Spring's ProblemDetail leaves it out).
        assertThat(problem.path("type").asString("about:blank")).isEqualTo("about:blank");
        assertThat(problem.get("instance").asString()).isEqualTo(answer.uri().getRawPath());
        assertThat(problem.get("detail").asString()).contains(detailMentions);
    }

    private void assertNothingWritten(long indexBefore, String... keys) {
        assertThat(kv.view().index("")).as("store-wide index").isEqualTo(indexBefore);
        for (String key : keys) {
            assertThat(kv.view().get(key)).as(key).isEmpty();
        }
    }

    private static JsonNode single(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode pairs = answer.json();
        assertThat(pairs.isArray()).isTrue();
        assertThat(pairs.size()).isEqualTo(1);
        return pairs.get(0);
    }

    private static List<String> keys(JsonNode pairs) {
        List<String> keys = new ArrayList<>();
        pairs.forEach(pair -> keys.add(pair.get("Key").asString()));
        return keys;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
