package dev.pollux.app;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * How each parameter of a route method is bound, decided once at startup. A value the request cannot
 * supply (a malformed query, a number too large for its {@code int}) answers {@code 50}, without detail.
 */
final class RouteArguments {

    /** Binds one parameter from an exchange, the path's match and, for a Titan request, its received body. */
    @FunctionalInterface
    interface Argument {
        Object resolve(GeminiExchange exchange, Matcher match, Upload upload);
    }

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private RouteArguments() {
    }

    /** The named groups of a pattern, such as {@code name} in {@code (?<name>[a-z]+)}. */
    static Set<String> groupNames(String pattern) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = NAMED_GROUP.matcher(pattern);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * @throws IllegalArgumentException naming the parameter, when it cannot be bound
     */
    /** True when the method takes an {@link Upload}: it answers Titan requests, and only those. */
    static boolean takesUpload(Method method) {
        for (Class<?> type : method.getParameterTypes()) {
            if (type == Upload.class) {
                return true;
            }
        }
        return false;
    }

    static Argument[] of(Method method, Set<String> groupNames) {
        Parameter[] parameters = method.getParameters();
        Argument[] arguments = new Argument[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = of(method, i, parameters[i], groupNames);
        }
        return arguments;
    }

    private static Argument of(Method method, int index, Parameter parameter, Set<String> groupNames) {
        Class<?> type = parameter.getType();
        String described = "parameter " + index + " (" + parameter.getParameterizedType().getTypeName() + " " + parameter.getName() + ")";
        Group group = parameter.getAnnotation(Group.class);
        if (group != null) {
            String name = group.value().isEmpty() ? parameter.getName() : group.value();
            if (group.value().isEmpty() && !parameter.isNamePresent()) {
                throw new IllegalArgumentException(described + ": name the group, @Group(\"name\"), or compile with -parameters");
            }
            if (!groupNames.contains(name)) {
                throw new IllegalArgumentException(described + ": the pattern has no group named '" + name + "'");
            }
            return group(described, type, name);
        }
        if (parameter.isAnnotationPresent(Input.class)) {
            if (type != String.class) {
                throw new IllegalArgumentException(described + ": @Input needs a String");
            }
            return (exchange, match, upload) -> input(exchange.request());
        }
        if (type == Upload.class) {
            return (exchange, match, upload) -> upload;
        }
        if (type == GeminiRequest.class) {
            return (exchange, match, upload) -> exchange.request();
        }
        if (type == GeminiExchange.class) {
            return (exchange, match, upload) -> exchange;
        }
        if (type == Capsule.class) {
            return (exchange, match, upload) -> exchange.capsule();
        }
        if (type == ClientConnection.class) {
            return (exchange, match, upload) -> exchange.connection();
        }
        if (type == ClientCertificate.class) {
            return (exchange, match, upload) -> exchange.clientCertificate();
        }
        if (type == Optional.class && ResolvableType.forMethodParameter(new MethodParameter(method, index))
                .getGeneric(0).resolve() == ClientCertificate.class) {
            return (exchange, match, upload) -> exchange.certificate();
        }
        throw new IllegalArgumentException(described + ": not a type a route can receive (GeminiRequest, GeminiExchange, Capsule, "
                + "ClientConnection, ClientCertificate, Optional<ClientCertificate>, Upload, @Input String, @Group String/int/long)");
    }

    private static Argument group(String described, Class<?> type, String name) {
        if (type == String.class) {
            return (exchange, match, upload) -> match.group(name);
        }
        if (type == int.class || type == Integer.class) {
            return (exchange, match, upload) -> number(match.group(name), Integer::parseInt);
        }
        if (type == long.class || type == Long.class) {
            return (exchange, match, upload) -> number(match.group(name), Long::parseLong);
        }
        throw new IllegalArgumentException(described + ": @Group needs a String, int or long");
    }

    private static Object number(String text, Function<String, Object> parse) {
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String input(GeminiRequest request) {
        try {
            return request.query();
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static GeminiException invalid() {
        return new GeminiException(Status.PERMANENT_FAILURE, "Invalid request");
    }
}
