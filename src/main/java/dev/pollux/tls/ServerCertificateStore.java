package dev.pollux.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.pollux.config.InvalidConfigurationException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads PEM certificates and keys, and keeps the generated ones: a host without a configured
 * certificate gets one generated on first start, saved in the certificate directory and read
 * back on every later start, so the fingerprint clients pinned stays the same.
 */
public final class ServerCertificateStore {

    private static final Logger log = LoggerFactory.getLogger(ServerCertificateStore.class);

    /** Where {@link #directory} comes from, named in startup errors. */
    private static final String DIRECTORY_PROPERTY = "pollux.tls.certificate-directory";

    private final Path directory;
    private final SelfSignedCertificateGenerator generator;

    public ServerCertificateStore(Path directory, SelfSignedCertificateGenerator generator) {
        this.directory = directory;
        this.generator = generator;
    }

    /** Reads a PEM certificate chain and its PEM private key (PKCS#8, PKCS#1 or SEC1). */
    public static ServerCertificate readPem(Path certificate, Path privateKey) {
        try {
            List<X509Certificate> chain = PemContent.load(certificate).getCertificates();
            PrivateKey key = PemContent.load(privateKey).getPrivateKey();
            if (chain == null || chain.isEmpty()) {
                throw new IllegalArgumentException(certificate + " holds no PEM certificate");
            }
            if (key == null) {
                throw new IllegalArgumentException(privateKey + " holds no PEM private key");
            }
            ServerCertificate loaded = new ServerCertificate(key, chain);
            if (!loaded.keyMatchesCertificate()) {
                throw new IllegalArgumentException("the private key " + privateKey + " does not match the certificate " + certificate);
            }
            return loaded;
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot read " + certificate + " / " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * The persisted self-signed certificate for this host, generated and saved on first use, naming the
     * host and its aliases. It is kept afterwards; when the capsule's names change it is issued again with
     * the same key, so clients that pinned the public key keep trusting it. Delete its files to have a new key.
     */
    public ServerCertificate generatedFor(String hostname, List<String> aliases) {
        String base = hostname.replace('*', '_').replace(':', '_').replace("[", "").replace("]", "");
        Path certificate = directory.resolve(base + ".crt");
        Path key = directory.resolve(base + ".key");
        List<String> names = new ArrayList<>(List.of(hostname));
        names.addAll(aliases);
        if (Files.exists(certificate) && Files.exists(key)) {
            ServerCertificate saved;
            try {
                saved = readPem(certificate, key);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(DIRECTORY_PROPERTY, e.getMessage());
            }
            Set<String> savedNames = SelfSignedCertificateGenerator.namesOf(saved.leaf());
            if (savedNames.equals(SelfSignedCertificateGenerator.namesFor(names))) {
                return saved;
            }
            ServerCertificate reissued = generator.reissue(names, saved);
            save(hostname, certificate, null, reissued);
            log.warn("Issued the generated certificate of {} again for {} (it named {}), with the same key: clients that pinned "
                    + "the public key keep trusting it, those that pinned the certificate see a new one ({})",
                    hostname, names, savedNames, reissued.fingerprint());
            return reissued;
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidConfigurationException(DIRECTORY_PROPERTY, directory.toAbsolutePath() + " is a file, not a directory");
        }
        if (Files.isDirectory(directory) && !Files.isWritable(directory)) {
            throw new InvalidConfigurationException(DIRECTORY_PROPERTY, directory.toAbsolutePath()
                    + " is not writable by the user running Pollux, who must be able to save the generated certificate for " + hostname);
        }
        ServerCertificate generated = generator.generate(names);
        save(hostname, certificate, key, generated);
        log.info("Generated a self-signed certificate for {} in {} ({})", hostname, certificate, generated.fingerprint());
        return generated;
    }

    /** Writes the certificate, and the key unless it is null (kept as it is). */
    private void save(String hostname, Path certificate, Path key, ServerCertificate generated) {
        try {
            Files.createDirectories(directory);
            if (key != null) {
                writeAtomically(key, pem(generated.privateKey()), true);
            }
            writeAtomically(certificate, pem(generated.leaf()), false);
        } catch (IOException e) {
            throw new InvalidConfigurationException(DIRECTORY_PROPERTY, "cannot save the generated certificate for " + hostname
                    + " in " + directory.toAbsolutePath() + ": " + reason(e));
        }
    }

    /** What went wrong, in the words of the file system ("Not a directory", "Read-only file system"), and where. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied (" + denied.getFile() + ")";
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or directory (" + missing.getFile() + ")";
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason() + " (" + failed.getFile() + ")";
        }
        return e.toString();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key
                    ? new JcaPKCS8Generator(key, null).generate()
                    : object);
        }
        return out.toString();
    }

    /** Writes beside the target and renames, so a crash never leaves half a key; keys are owner-only. */
    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (secret && temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(ownerOnly));
        }
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
