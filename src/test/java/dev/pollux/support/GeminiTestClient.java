package dev.pollux.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A Gemini client over a real TLS socket, trusting any server certificate (TOFU) but
 * remembering the one it saw. Every read has a deadline so a broken server fails a test
 * instead of hanging it.
 */
public final class GeminiTestClient {

    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final int port;
    private String serverName;
    private String protocol = "TLSv1.3";
    private PrivateKey clientKey;
    private X509Certificate[] clientChain;
    private InetAddress localAddress;
    private byte[] proxyHeader;

    public GeminiTestClient(int port) {
        this.port = port;
    }

    /** Connects from this local address, such as 127.0.0.2, to appear as another client; defaults to the system's choice. */
    public GeminiTestClient from(String localAddress) throws IOException {
        this.localAddress = InetAddress.getByName(localAddress);
        return this;
    }

    /** Sends these bytes (a PROXY protocol header, as a load balancer does) before the TLS handshake. */
    public GeminiTestClient proxyHeader(byte[] header) {
        this.proxyHeader = header.clone();
        return this;
    }

    /** The SNI name to send; null sends none. Defaults to none. */
    public GeminiTestClient serverName(String name) {
        this.serverName = name;
        return this;
    }

    public GeminiTestClient protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    public GeminiTestClient clientCertificate(PrivateKey key, X509Certificate... chain) {
        this.clientKey = key;
        this.clientChain = chain;
        return this;
    }

    /** Sends {@code url + CRLF} with SNI set to the URL's host. */
    public GeminiResponseBytes get(String url) throws IOException {
        if (serverName == null) {
            serverName = java.net.URI.create(url).getHost();
        }
        return send((url + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes and reads until the server closes. */
    public GeminiResponseBytes send(byte[] request) throws IOException {
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            byte[] all = readAll(socket.getInputStream());
            return new GeminiResponseBytes(all, (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /** A connected socket whose TLS handshake is complete. */
    public SSLSocket connect() throws IOException {
        SSLSocket socket;
        if (proxyHeader != null) {
            Socket plain = localAddress == null ? new Socket("127.0.0.1", port) : new Socket(InetAddress.getByName("127.0.0.1"), port, localAddress, 0);
            plain.getOutputStream().write(proxyHeader);
            plain.getOutputStream().flush();
            socket = (SSLSocket) sslContext().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        } else {
            socket = (SSLSocket) (localAddress == null
                    ? sslContext().getSocketFactory().createSocket("127.0.0.1", port)
                    : sslContext().getSocketFactory().createSocket(InetAddress.getByName("127.0.0.1"), port, localAddress, 0));
        }
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            bytes.write(buffer, 0, read);
        }
        return bytes.toByteArray();
    }

    private SSLContext sslContext() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keyManagers = null;
            if (clientKey != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", clientKey, new char[0], clientChain);
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(store, new char[0]);
            }
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
