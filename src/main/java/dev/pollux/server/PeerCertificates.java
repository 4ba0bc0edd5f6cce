package dev.pollux.server;

import io.netty.handler.ssl.OpenSslSession;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificates a client presented, asked without an exception when it presented none: most
 * clients send no certificate, and {@link SSLSession#getPeerCertificates()} answers them with a
 * freshly built {@link SSLPeerUnverifiedException}, stack trace and all (about 2 % of a small
 * request's CPU, twice per request). OpenSSL's session can say so directly; the JDK's cannot.
 */
final class PeerCertificates {

    private PeerCertificates() {
    }

    static Certificate[] of(SSLSession session) {
        if (session instanceof OpenSslSession openSsl && !openSsl.hasPeerCertificates()) {
            return new Certificate[0];
        }
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return new Certificate[0];
        }
    }

    static List<X509Certificate> x509(SSLSession session) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : of(session)) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }
}
