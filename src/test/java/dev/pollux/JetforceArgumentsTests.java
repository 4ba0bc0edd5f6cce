package dev.pollux;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JetforceArgumentsTests {

    @Test
    void mapsJetforceOptionsInBothSpellingsOntoPolluxProperties() {
        JetforceArguments arguments = JetforceArguments.parse(
                "--host", "::", "--port=1966", "--hostname", "example.org", "--dir", "/srv/gemini",
                "--index-file=home.gmi", "--default-lang", "en", "--tls-certfile", "c.pem", "--tls-keyfile=k.pem",
                "--tls-cafile", "ca.pem", "--tls-capath=/etc/ssl/clients",
                "--pollux.server.backlog=10", "--debug");
        assertThat(arguments.exitMessage()).isNull();
        assertThat(arguments.springArguments()).containsExactly(
                "--pollux.server.address=::", "--pollux.server.port=1966", "--pollux.capsules[0].hostname=example.org",
                "--pollux.capsules[0].root=/srv/gemini", "--pollux.capsules[0].index-file=home.gmi",
                "--pollux.capsules[0].lang=en", "--pollux.tls.certificate=c.pem", "--pollux.tls.private-key=k.pem",
                "--pollux.tls.client-ca-file=ca.pem", "--pollux.tls.client-ca-path=/etc/ssl/clients",
                "--pollux.server.backlog=10", "--debug");
    }

    @Test
    void mapsTheCgiDirectoryOntoTheDefaultCapsuleAndTurnsCgiOn() {
        assertThat(JetforceArguments.parse("--cgi-dir", "scripts").springArguments()).containsExactly(
                "--pollux.capsules[0].cgi.directory=scripts", "--pollux.capsules[0].cgi.enabled=true");
        assertThat(JetforceArguments.parse("--cgi-dir=cgi-bin").springArguments()).containsExactly(
                "--pollux.capsules[0].cgi.directory=cgi-bin", "--pollux.capsules[0].cgi.enabled=true");
        assertThat(JetforceArguments.parse("--help").exitMessage()).contains("--cgi-dir");
    }

    @Test
    void mapsTheRateLimitOntoTheServerWideLimit() {
        assertThat(JetforceArguments.parse("--rate-limit", "60/5m").springArguments()).containsExactly("--pollux.rate-limit=60/5m");
        assertThat(JetforceArguments.parse("--rate-limit=1000/d").springArguments()).containsExactly("--pollux.rate-limit=1000/d");
        assertThat(JetforceArguments.parse("--help").exitMessage()).contains("--rate-limit RATE");
    }

    @Test
    void printsTheVersionOrHelpAndStops() {
        assertThat(JetforceArguments.parse("-V").exitMessage()).startsWith("pollux ");
        assertThat(JetforceArguments.parse("--version").exitStatus()).isZero();
        assertThat(JetforceArguments.parse("--help").exitMessage()).contains("--tls-certfile");
    }

    @Test
    void refusesAnOptionWithoutItsValue() {
        JetforceArguments arguments = JetforceArguments.parse("--dir");
        assertThat(arguments.exitStatus()).isEqualTo(2);
        assertThat(arguments.exitMessage()).contains("--dir needs a value");
    }
}
