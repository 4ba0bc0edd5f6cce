package dev.pollux.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;

/**
 * A Gemini server on a real TLS socket (the JDK's, on threads of its own, never an event loop) that behaves as the first
 * segment of the requested path says, well or badly, so that a reverse proxy can be shown each case:
 * <ul>
 * <li>anything not below: {@code 20 text/plain} and, as the body, the request line exactly as received</li>
 * <li>{@code /input}: {@code 10 Your name?}; {@code /redirect}: {@code 30 gemini://elsewhere.example/landing}</li>
 * <li>{@code /malformed}, {@code /undefined-status}, {@code /long-meta}: a first line that is not a valid header;
 *     {@code /no-header}: closes (with close_notify) without a byte</li>
 * <li>{@code /hang}: answers nothing; {@code /slow-body}: a header and a few bytes, then nothing</li>
 * <li>{@code /truncated}: a header and a few bytes, then closes TCP without TLS close_notify</li>
 * <li>{@code /endless}: a body that never ends, written as fast as the reader takes it ({@link #endlessBytes})</li>
 * <li>{@code /large}: {@link #LARGE_BYTES} bytes of {@code z}</li>
 * </ul>
 * Every request line received is kept ({@link #requests}), and so is the path of every connection whose peer closed it
 * while this server was waiting or writing ({@link #closedByPeer}).
 */
public final class TestBackend implements AutoCloseable {

    public static final String REDIRECT = "gemini://elsewhere.example/landing";
    public static final int LARGE_BYTES = 1024 * 1024;

    private final ServerSocket server;
    private final SSLContext tls;
    private final ServerCertificate certificate;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closedByPeer = new LinkedBlockingQueue<>();
    private final AtomicLong endlessBytes = new AtomicLong();

    private TestBackend() throws IOException {
        certificate = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate("localhost");
        tls = serverContext(certificate);
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        threads.execute(this::acceptUntilClosed);
    }

    public static TestBackend start() throws IOException {
        return new TestBackend();
    }

    public int port() {
        return server.getLocalPort();
    }

    public X509Certificate certificate() {
        return certificate.leaf();
    }

    /** {@code SHA256:} and the hex digest of the certificate, as {@code verify: fingerprint} pins it. */
    public String fingerprint() {
        return certificate.fingerprint();
    }

    public BlockingQueue<String> requests() {
        return requests;
    }

    public BlockingQueue<String> closedByPeer() {
        return closedByPeer;
    }

    public long endlessBytes() {
        return endlessBytes.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket raw = server.accept();
                threads.execute(() -> serve(raw));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        String behaviour = "";
        try (raw; SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, raw.getPort(), false)) {
            socket.setUseClientMode(false);
            socket.setSoTimeout(60_000);
            String line = readLine(socket.getInputStream());
            requests.add(line);
            String path = URI.create(line).getPath();
            behaviour = path.length() > 1 ? path.substring(1).split("/")[0] : "";
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case "input" -> write(out, "10 Your name?\r\n");
                case "redirect" -> write(out, "30 " + REDIRECT + "\r\n");
                case "malformed" -> write(out, "2O text/plain\r\nbody");
                case "undefined-status" -> write(out, "99 What\r\n");
                case "long-meta" -> write(out, "20 " + "a".repeat(1025) + "\r\n");
                case "no-header" -> {
                }
                case "hang" -> awaitClose(socket, behaviour);
                case "slow-body" -> {
                    write(out, "20 text/plain\r\npartial");
                    awaitClose(socket, behaviour);
                }
                case "truncated" -> {
                    write(out, "20 text/plain\r\nsome");
                    // under TLS: the peer sees the connection end without close_notify
                    raw.close();
                }
                case "endless" -> writeEndlessly(out);
                case "large" -> {
                    write(out, "20 application/octet-stream\r\n");
                    byte[] body = new byte[LARGE_BYTES];
                    Arrays.fill(body, (byte) 'z');
                    out.write(body);
                }
                default -> write(out, "20 text/plain\r\n" + line);
            }
        } catch (IOException e) {
            if (behaviour.equals("endless")) {
                closedByPeer.add(behaviour);
            }
        }
    }

    private void awaitClose(SSLSocket socket, String behaviour) throws IOException {
        try {
            if (socket.getInputStream().read() < 0) {
                closedByPeer.add(behaviour);
            }
        } catch (IOException e) {
            closedByPeer.add(behaviour);
        }
    }

    private void writeEndlessly(OutputStream out) throws IOException {
        write(out, "20 text/plain\r\n");
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'y');
        while (true) {
            out.write(chunk);
            out.flush();
            endlessBytes.addAndGet(chunk.length);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The request line without its CRLF. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int next = in.read(); next >= 0 && line.size() < 2048; next = in.read()) {
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
        throw new IOException("no request line");
    }

    private static SSLContext serverContext(ServerCertificate certificate) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", certificate.privateKey(), new char[0], certificate.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
