package dev.pollux.handler.cgi;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CgiProperties;

/** Each capsule's effective CGI settings: its own {@code cgi.*} over the server-wide {@code pollux.cgi.*}. */
final class CgiSettingsCompiler implements CapsulePolicyCompiler<CgiSettings> {

    private final CgiProperties server;

    CgiSettingsCompiler(CgiProperties server) {
        this.server = server;
    }

    @Override
    public PolicyKey<CgiSettings> key() {
        return CgiSettings.POLICY;
    }

    @Override
    public CgiSettings compile(CapsuleSource capsule) {
        return CgiSettings.of(server, capsule.properties(), capsule.prefix());
    }
}
