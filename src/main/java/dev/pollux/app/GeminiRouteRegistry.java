package dev.pollux.app;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.pollux.protocol.HostNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds every {@link GeminiRoute} method of every bean once all singletons exist, and checks each
 * (pattern, host, parameters, return type): a route that cannot work stops startup with a message
 * naming its bean and method. Routes are tried in the order found: beans in registration order,
 * and each bean's methods in the order they are declared.
 */
public final class GeminiRouteRegistry implements SmartInitializingSingleton, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(GeminiRouteRegistry.class);

    private ConfigurableListableBeanFactory beanFactory;
    private volatile List<ApplicationRoute> routes = List.of();

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    /** The routes, in the order they are tried; empty until startup has finished creating beans. */
    List<ApplicationRoute> routes() {
        return routes;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ApplicationRoute> found = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            Class<?> userType = ClassUtils.getUserClass(type);
            Map<Method, GeminiRoute> methods = MethodIntrospector.selectMethods(userType,
                    (MethodIntrospector.MetadataLookup<GeminiRoute>) method -> AnnotatedElementUtils.findMergedAnnotation(method, GeminiRoute.class));
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = beanFactory.getBean(name);
            for (Method method : inDeclarationOrder(userType, methods.keySet())) {
                found.add(route(name, bean, method, methods.get(method)));
            }
        }
        routes = List.copyOf(found);
        found.forEach(route -> log.info("Gemini route {}{} -> {}", route.pattern(),
                route.host().isEmpty() ? "" : " on " + route.host(), route.description()));
    }

    private ApplicationRoute route(String beanName, Object bean, Method method, GeminiRoute annotation) {
        String description = method.getDeclaringClass().getName() + "#" + method.getName() + " (bean '" + beanName + "')";
        try {
            String regex = beanFactory.resolveEmbeddedValue(annotation.value());
            Pattern pattern = Pattern.compile(regex);
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            return new ApplicationRoute(description, pattern, host(beanFactory.resolveEmbeddedValue(annotation.host())),
                    annotation.strictSlashes(), RouteArguments.takesUpload(method), bean, invocable,
                    RouteArguments.of(method, RouteArguments.groupNames(regex)), RouteResults.of(method));
        } catch (PatternSyntaxException e) {
            throw new BeanInitializationException("Gemini route " + description + ": invalid pattern: " + e.getDescription()
                    + " near index " + e.getIndex() + " of " + e.getPattern());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BeanInitializationException("Gemini route " + description + ": " + e.getMessage());
        }
    }

    private static String host(String host) {
        if (host == null || host.isBlank() || host.equals(GeminiRoute.DEFAULT_CAPSULE)) {
            return host == null ? "" : host.trim();
        }
        String trimmed = host.trim();
        try {
            return trimmed.startsWith("*.") ? "*." + HostNames.normalize(trimmed.substring(2)) : HostNames.normalize(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host '" + host + "' is not a valid host name");
        }
    }

    /** Reflection gives methods in no particular order; the class file keeps the order they were written in. */
    private List<Method> inDeclarationOrder(Class<?> type, Set<Method> methods) {
        List<String> declared = new ArrayList<>();
        try {
            SimpleMetadataReaderFactory reader = new SimpleMetadataReaderFactory(type.getClassLoader());
            for (MethodMetadata method : reader.getMetadataReader(type.getName()).getAnnotationMetadata()
                    .getAnnotatedMethods(GeminiRoute.class.getName())) {
                declared.add(method.getMethodName());
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read the declaration order of {}; its routes are tried in reflection order", type, e);
        }
        return methods.stream()
                .sorted(Comparator.comparingInt((Method method) -> {
                    int index = declared.indexOf(method.getName());
                    return index < 0 ? Integer.MAX_VALUE : index;
                }))
                .toList();
    }
}
