package dev.pollux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jetforce's command-line options, so a Jetforce user switches by changing only the program name.
 * Each becomes a Spring property argument for the single default capsule ({@code pollux.capsules[0]});
 * anything else, Spring's own {@code --property=value} included, passes through unchanged.
 */
record JetforceArguments(List<String> springArguments, String exitMessage, int exitStatus) {

    static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--host", "pollux.server.address");
        options.put("--port", "pollux.server.port");
        options.put("--hostname", "pollux.capsules[0].hostname");
        options.put("--dir", "pollux.capsules[0].root");
        options.put("--index-file", "pollux.capsules[0].index-file");
        options.put("--default-lang", "pollux.capsules[0].lang");
        options.put("--tls-certfile", "pollux.tls.certificate");
        options.put("--tls-keyfile", "pollux.tls.private-key");
        options.put("--tls-cafile", "pollux.tls.client-ca-file");
        options.put("--tls-capath", "pollux.tls.client-ca-path");
        options.put("--rate-limit", "pollux.rate-limit");
        return Map.copyOf(options);
    }

    /** Jetforce's CGI directory; Jetforce always runs scripts, Pollux only when asked, so giving it also turns CGI on. */
    static final String CGI_DIR = "--cgi-dir";

    static JetforceArguments parse(String... args) {
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-V") || arg.equals("--version")) {
                return exit("pollux " + PolluxVersion.current(), 0);
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                return exit(usage(), 0);
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String property = name.equals(CGI_DIR) ? "pollux.capsules[0].cgi.directory" : OPTIONS.get(name);
            if (property == null) {
                spring.add(arg);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return exit("pollux: option " + name + " needs a value\n\n" + usage(), 2);
            }
            spring.add("--" + property + "=" + value);
            if (name.equals(CGI_DIR)) {
                spring.add("--pollux.capsules[0].cgi.enabled=true");
            }
        }
        return new JetforceArguments(List.copyOf(spring), null, 0);
    }

    String[] springArgumentsArray() {
        return springArguments.toArray(String[]::new);
    }

    private static JetforceArguments exit(String message, int status) {
        return new JetforceArguments(List.of(), message, status);
    }

    private static String usage() {
        return """
                usage: pollux [options] [--property=value ...]

                Jetforce-compatible options (for the single default capsule):
                  --host ADDRESS          address to listen on          (pollux.server.address)
                  --port PORT             port to listen on             (pollux.server.port)
                  --hostname NAME         the capsule's host name       (pollux.capsules[0].hostname)
                  --dir DIRECTORY         the capsule's content root    (pollux.capsules[0].root)
                  --index-file NAME       file served for directories   (pollux.capsules[0].index-file)
                  --default-lang LANG     lang of text/gemini responses (pollux.capsules[0].lang)
                  --cgi-dir DIRECTORY     run CGI scripts from this directory under the root
                                          (pollux.capsules[0].cgi.directory, and enabled=true)
                  --tls-certfile FILE     PEM certificate chain         (pollux.tls.certificate)
                  --tls-keyfile FILE      PEM private key               (pollux.tls.private-key)
                  --tls-cafile FILE       CAs for client certificates   (pollux.tls.client-ca-file)
                  --tls-capath DIRECTORY  directory of such CA files    (pollux.tls.client-ca-path)
                  --rate-limit RATE       per-client limit, e.g. 60/5m  (pollux.rate-limit)
                  -V, --version           print the version and exit
                  -h, --help              print this help and exit

                Any other setting: --pollux.some.property=value (see README.md).""";
    }
}
