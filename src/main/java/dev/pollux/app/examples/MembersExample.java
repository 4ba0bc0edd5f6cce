package dev.pollux.app.examples;

import java.util.Optional;

import dev.pollux.app.GeminiResponses;
import dev.pollux.app.GeminiRoute;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.tls.ClientCertificate;

/** {@code /examples/members}: {@code 60} without a client certificate; with one, a greeting by its CN and fingerprint. */
public class MembersExample {

    @GeminiRoute(value = "/examples/members", host = GeminiRoute.DEFAULT_CAPSULE)
    public GeminiResponse members(Optional<ClientCertificate> certificate) {
        if (certificate.isEmpty()) {
            return GeminiResponses.certificateRequired("Members only: please present a client certificate");
        }
        ClientCertificate member = certificate.get();
        String name = member.commonName() == null ? "anonymous member" : member.commonName().replaceAll("\\p{Cntrl}", " ");
        return GeminiResponses.gemtext("# Members\n\nWelcome, " + name + "!\n\n"
                + "Your certificate's fingerprint is " + member.fingerprint() + ".\n");
    }
}
