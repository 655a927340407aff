import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's backend: answers every GET with ~100 bytes of JSON after an optional added latency.
 * Usage: java Backend.java <port> [added-latency-ms]
 */
public class Backend {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int latencyMillis = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        byte[] body = ("{\"sku\":\"A-1\",\"available\":100,\"reserved\":0,\"instance\":\"127.0.0.1:" + port
                + "\",\"padding\":\"xxxxxxxx\"}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        // platform threads, enough for the slow instance to hold every connection at once
        server.setExecutor(Executors.newFixedThreadPool(latencyMillis > 0 ? 128 : 8));
        server.start();
        System.out.println("backend on " + port + " with " + latencyMillis + " ms added");
    }
}
