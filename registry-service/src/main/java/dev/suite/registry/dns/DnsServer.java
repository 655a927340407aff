package dev.suite.registry.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * The DNS transport: UDP and TCP on one port, dnsjava for the wire format, {@link DnsResponder} for the
 * answers. UDP answers that do not fit the client's buffer (512 bytes, or its EDNS size) are cut at a
 * record boundary with the TC bit set, so the client retries over TCP.
 */
public class DnsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final DnsResponder responder;
    private final InetAddress bindAddress;
    private final int requestedPort;
    private volatile ExecutorService workers;
    private volatile DatagramSocket udp;
    private volatile ServerSocket tcp;
    private volatile boolean running;

    public DnsServer(DnsResponder responder, InetAddress bindAddress, int port) {
        this.responder = responder;
        this.bindAddress = bindAddress;
        this.requestedPort = port;
    }

    /** The port actually bound, for UDP and TCP alike. */
    public int port() {
        return udp.getLocalPort();
    }

    /** Also after {@link #stop()}: a paused context (Spring's test context cache does that) starts again. */
    @Override
    public void start() {
        AtomicInteger count = new AtomicInteger();
        workers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            bind();
        } catch (IOException e) {
            throw new IllegalStateException("DNS cannot listen on " + bindAddress + ":" + requestedPort, e);
        }
        running = true;
        DatagramSocket udpSocket = udp;
        ServerSocket tcpSocket = tcp;
        ExecutorService pool = workers;
        Thread udpLoop = new Thread(() -> serveUdp(udpSocket, pool), "dns-udp");
        udpLoop.setDaemon(true);
        udpLoop.start();
        Thread tcpLoop = new Thread(() -> serveTcp(tcpSocket, pool), "dns-tcp");
        tcpLoop.setDaemon(true);
        tcpLoop.start();
        log.info("DNS listening on {}:{} (UDP and TCP)", bindAddress.getHostAddress(), port());
    }

    /** With port 0 the UDP port is picked first and TCP must get the same number; retry if it is taken. */
    private void bind() throws IOException {
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udpSocket = new DatagramSocket(new InetSocketAddress(bindAddress, requestedPort));
            ServerSocket tcpSocket = new ServerSocket();
            tcpSocket.setReuseAddress(true);
            try {
                tcpSocket.bind(new InetSocketAddress(bindAddress, udpSocket.getLocalPort()), 64);
                udp = udpSocket;
                tcp = tcpSocket;
                return;
            } catch (BindException e) {
                udpSocket.close();
                tcpSocket.close();
                if (requestedPort != 0 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private void serveUdp(DatagramSocket udp, ExecutorService workers) {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    log.warn("DNS UDP receive failed", e);
                }
                continue;
            }
            byte[] request = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            var client = packet.getSocketAddress();
            if (workers.isShutdown()) {
                return;
            }
            workers.execute(() -> {
                try {
                    Message query = new Message(request);
                    byte[] answer = responder.answer(query).toWire(udpLimit(query));
                    udp.send(new DatagramPacket(answer, answer.length, client));
                } catch (IOException e) {
                    log.debug("Dropped malformed DNS query from {}: {}", client, e.getMessage());
                }
            });
        }
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
    }

    private void serveTcp(ServerSocket tcp, ExecutorService workers) {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                workers.execute(() -> serveTcpConnection(connection));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (!tcp.isClosed()) {
                    log.warn("DNS TCP accept failed", e);
                }
            }
        }
    }

    private void serveTcpConnection(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | java.net.SocketTimeoutException closed) {
                    return;
                }
                byte[] request = in.readNBytes(length);
                byte[] answer = responder.answer(new Message(request)).toWire(65535);
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (SocketException closed) {
            // client went away
        } catch (IOException e) {
            log.debug("DNS TCP connection failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (udp != null) {
            udp.close();
        }
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
