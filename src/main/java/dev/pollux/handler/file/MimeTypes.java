package dev.pollux.handler.file;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.pollux.capsule.Capsule;

/**
 * File extension to media type. A fixed table rather than the host's mime.types, so the
 * same file gets the same type on every machine; operators add or override entries.
 */
public final class MimeTypes {

    public static final String GEMINI = "text/gemini";
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("gmi", GEMINI), Map.entry("gemini", GEMINI),
            Map.entry("txt", "text/plain"), Map.entry("text", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("markdown", "text/markdown"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("xml", "text/xml"), Map.entry("js", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("atom", "application/atom+xml"), Map.entry("rss", "application/rss+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("bmp", "image/bmp"), Map.entry("avif", "image/avif"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/opus"), Map.entry("flac", "audio/flac"), Map.entry("wav", "audio/wav"),
            Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("ogv", "video/ogg"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("bz2", "application/x-bzip2"), Map.entry("xz", "application/x-xz"),
            Map.entry("zst", "application/zstd"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("pdf", "application/pdf"), Map.entry("epub", "application/epub+zip"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("ps", "application/postscript"),
            Map.entry("wasm", "application/wasm"), Map.entry("ttf", "font/ttf"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"));

    private final Map<String, String> types;

    /** @param extra extension (without the dot) to media type, overriding the built-in table */
    public MimeTypes(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(BUILT_IN);
        extra.forEach((extension, type) -> merged.put(extension.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""), type));
        this.types = Map.copyOf(merged);
    }

    /** The bare media type for a file name. */
    public String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return OCTET_STREAM;
        }
        return types.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** The meta of a {@code 20} response: the type plus the capsule's charset (text/*) and lang (text/gemini). */
    public String metaFor(String fileName, Capsule capsule) {
        return withParameters(typeOf(fileName), capsule);
    }

    public static String withParameters(String type, Capsule capsule) {
        return withParameters(type, capsule.charset(), capsule.lang());
    }

    /** {@code type}, plus {@code charset} for text/* and {@code lang} for text/gemini when given. */
    public static String withParameters(String type, String charset, String lang) {
        StringBuilder meta = new StringBuilder(type);
        if (charset != null && type.startsWith("text/")) {
            meta.append("; charset=").append(charset);
        }
        if (lang != null && type.equals(GEMINI)) {
            meta.append("; lang=").append(lang);
        }
        return meta.toString();
    }
}
