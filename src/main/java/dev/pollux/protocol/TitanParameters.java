package dev.pollux.protocol;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a Titan request, {@code titan://host/path;size=N;mime=type;token=secret}, as the Titan specification
 * defines them: {@code size}, the number of body bytes after the request line (required, a decimal integer);
 * {@code mime}, the body's media type ({@code text/gemini} when absent); {@code token}, an optional secret. They follow
 * the path, each after a {@code ;}, in any order; their values are percent-decoded. No other parameter is allowed, nor
 * the same one twice: such a request is malformed ({@code 59}).
 *
 * @param size     the bytes of body that follow the request line
 * @param mimeType the body's media type as sent, or {@code text/gemini} when the request names none
 * @param token    the token, or null when none was sent (an empty {@code token=} is none)
 */
public record TitanParameters(long size, String mimeType, String token) {

    public static final String DEFAULT_MIME_TYPE = "text/gemini";

    /** At most 18 digits: every such number fits a {@code long}. */
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,18}");
    /** RFC 6838 names: {@code type/subtype}, then optional {@code ; name=value} parameters. */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*";
    private static final Pattern MEDIA_TYPE = Pattern.compile(NAME + "/" + NAME + "(\\s*;\\s*" + NAME + "=[^;\\s]+)*");
    /** One parameter of the path, up to the next {@code ;}. */
    private static final Pattern PARAMETER = Pattern.compile(";([^;]*)");
    /**
     * The parameters a log shows as they are: a size in digits and a plain media type. Every other one hides its value:
     * the token however its name is spelt ({@code %74oken} is refused, but its value is still a secret someone meant to
     * send), and a size or type that hides more behind an encoded separator ({@code size=1%3Btoken=...}).
     */
    private static final Pattern SHOWN = Pattern.compile("(?i)size=[0-9]+|mime=[A-Za-z0-9!#$&^_.+/-]+");

    /**
     * Parses what follows the first {@code ;} of a Titan URL's path, still percent-encoded.
     *
     * @throws GeminiException {@code 59} for a missing or malformed size, an unknown, repeated or malformed parameter
     */
    static TitanParameters parse(String raw) {
        Long size = null;
        String mimeType = null;
        String token = null;
        boolean tokenSeen = false;
        for (String parameter : raw.split(";", -1)) {
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw malformed("Malformed Titan parameter");
            }
            String value = decode(parameter.substring(equals + 1));
            switch (parameter.substring(0, equals)) {
                case "size" -> {
                    if (size != null || !SIZE.matcher(value).matches()) {
                        throw malformed("Titan size must be given once, as a number of bytes");
                    }
                    size = Long.parseLong(value);
                }
                case "mime" -> {
                    if (mimeType != null || !MEDIA_TYPE.matcher(value).matches()) {
                        throw malformed("Titan mime must be given at most once, as a media type");
                    }
                    mimeType = value;
                }
                case "token" -> {
                    if (tokenSeen) {
                        throw malformed("Titan token given twice");
                    }
                    tokenSeen = true;
                    token = value.isEmpty() ? null : value;
                }
                default -> throw malformed("Unknown Titan parameter");
            }
        }
        if (size == null) {
            throw malformed("Titan request without a size");
        }
        return new TitanParameters(size, mimeType == null ? DEFAULT_MIME_TYPE : mimeType, token);
    }

    /** The media type without its parameters, lower case: what allowed types are compared with. */
    public String essence() {
        int semicolon = mimeType.indexOf(';');
        return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** A Titan request line with the value of every parameter but a plain size and media type hidden, for logs; other lines unchanged. */
    public static String redact(String requestLine) {
        if (!requestLine.regionMatches(true, 0, "titan:", 0, "titan:".length())) {
            return requestLine;
        }
        int end = requestLine.length();
        for (char c : new char[] {'?', '#'}) {
            int at = requestLine.indexOf(c);
            end = at < 0 ? end : Math.min(end, at);
        }
        String redacted = PARAMETER.matcher(requestLine.substring(0, end)).replaceAll(parameter -> {
            String text = parameter.group(1);
            if (SHOWN.matcher(text).matches()) {
                return Matcher.quoteReplacement(parameter.group());
            }
            int equals = text.indexOf('=');
            return Matcher.quoteReplacement(";" + text.substring(0, equals + 1) + "***");
        });
        return redacted + requestLine.substring(end);
    }

    @Override
    public String toString() {
        // never the token: a request's parameters may end up in a log line
        return "TitanParameters[size=" + size + ", mimeType=" + mimeType + ", token=" + (token == null ? "none" : "***") + "]";
    }

    private static String decode(String raw) {
        String value;
        try {
            value = PercentEncoding.decode(raw);
        } catch (IllegalArgumentException e) {
            throw malformed("Invalid UTF-8 in a Titan parameter");
        }
        if (ControlCharacters.containsAny(value)) {
            throw malformed("Control character in a Titan parameter");
        }
        return value;
    }

    private static GeminiException malformed(String meta) {
        return new GeminiException(Status.BAD_REQUEST, meta, Reason.MALFORMED);
    }
}
