package dev.pollux.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops startup on a key under {@code pollux.} that nothing binds, such as a misspelt
 * {@code pollux.capsules[0].rooot}, naming it, where it was set and the closest known key.
 * <p>
 * This is Spring Boot's {@code @ConfigurationProperties(ignoreUnknownFields = false)}: each
 * {@code @ConfigurationProperties} class under {@code pollux} is bound once more with Boot's
 * {@link NoUnboundElementsBindHandler} and {@link UnboundElementsSourceFilter}. That annotation attribute
 * cannot be used on {@link PolluxProperties} itself, because other classes own parts of {@code pollux.*}
 * ({@code pollux.examples.*}) and would count as unknown there. The generated configuration metadata says
 * which classes are bound where ({@link PropertyMetadata}); each is checked on the keys the others do not own.
 * <p>
 * As in Boot, environment variables and Java system properties are not checked: the environment holds
 * variables meant for other programs (Kubernetes adds {@code POLLUX_PORT} for a Service named pollux). Map
 * keys are free-form ({@code pollux.mime-types.*}, {@code pollux.cgi.environment.*}), and relaxed names
 * ({@code indexFile}, {@code index-file}) are the same key. Binding errors other than unknown keys are left to
 * the real binding, which reports them; this runs first, before any bean is created, so a misspelling is
 * reported before what it leads to.
 */
class UnknownPropertiesCheck implements BeanFactoryPostProcessor {

    static final ConfigurationPropertyName POLLUX = ConfigurationPropertyName.of("pollux");

    private final ConfigurableEnvironment environment;

    UnknownPropertiesCheck(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment, beanFactory.getBeanClassLoader());
    }

    static void check(ConfigurableEnvironment environment, ClassLoader classLoader) {
        PropertyMetadata metadata = PropertyMetadata.load(classLoader, POLLUX);
        Map<ConfigurationPropertyName, Class<?>> roots = new LinkedHashMap<>(metadata.roots());
        roots.putIfAbsent(POLLUX, PolluxProperties.class);
        Set<ConfigurationPropertyName> known = new TreeSet<>(metadata.properties());
        List<ConfigurationProperty> unknown = new ArrayList<>();
        for (Map.Entry<ConfigurationPropertyName, Class<?>> root : roots.entrySet()) {
            Set<ConfigurationPropertyName> others = roots.keySet().stream()
                    .filter(other -> root.getKey().isAncestorOf(other)).collect(Collectors.toSet());
            unknown.addAll(unbound(environment, root.getKey(), root.getValue(), others, known));
        }
        if (!unknown.isEmpty()) {
            throw exception(unknown, known);
        }
    }

    /** The keys under {@code root}, outside {@code others}, that binding {@code type} leaves unbound; adds every key the binder looked for to {@code known}. */
    private static List<ConfigurationProperty> unbound(ConfigurableEnvironment environment, ConfigurationPropertyName root, Class<?> type,
                                                       Set<ConfigurationPropertyName> others, Set<ConfigurationPropertyName> known) {
        List<ConfigurationPropertySource> sources = StreamSupport.stream(ConfigurationPropertySources.get(environment).spliterator(), false)
                .map(source -> source.filter(name -> others.stream().noneMatch(other -> other.equals(name) || other.isAncestorOf(name))))
                .toList();
        Binder binder = new Binder(sources, new PropertySourcesPlaceholdersResolver(environment), ApplicationConversionService.getSharedInstance());
        UnboundKeys unboundKeys = new UnboundKeys(new NoUnboundElementsBindHandler(new IgnoreErrorsBindHandler(), new UnboundElementsSourceFilter()));
        try {
            binder.bind(root, Bindable.of(type), unboundKeys);
        } catch (RuntimeException e) {
            // the unbound keys have been collected; any other error is left to the real binding, which reports it
        }
        known.addAll(unboundKeys.attempted);
        // a key the binder looked for is known, even when its value failed to bind: the real binding reports that
        return unboundKeys.unbound.values().stream().filter(property -> !unboundKeys.attempted.contains(property.getName())).toList();
    }

    /**
     * Records every key the binder looks for, and collects the keys Boot's handler reports unbound: at the end of
     * the binding, and for a list element that has no known key at all, when the element fails.
     */
    private static final class UnboundKeys extends AbstractBindHandler {

        final Set<ConfigurationPropertyName> attempted = new HashSet<>();
        final Map<ConfigurationPropertyName, ConfigurationProperty> unbound = new TreeMap<>();

        UnboundKeys(BindHandler parent) {
            super(parent);
        }

        @Override
        public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            attempted.add(name);
            return super.onStart(name, target, context);
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) throws Exception {
            Throwable cause = error instanceof BindException bind ? bind.getCause() : error;
            if (cause instanceof UnboundConfigurationPropertiesException failure) {
                failure.getUnboundProperties().forEach(property -> unbound.put(property.getName(), property));
            }
            return super.onFailure(name, target, context, error);
        }
    }

    private static InvalidConfigurationException exception(List<ConfigurationProperty> unknown, Set<ConfigurationPropertyName> known) {
        ConfigurationProperty first = unknown.get(0);
        String problem = "no such setting" + ClosestPropertyName.to(first.getName(), known).map(name -> "; did you mean " + name + "?").orElse("")
                + " (" + ConfigurationOrigins.describe(first.getOrigin()) + ")";
        if (unknown.size() > 1) {
            problem += "; also unknown: " + unknown.stream().skip(1).map(property -> property.getName().toString()).collect(Collectors.joining(", "));
        }
        return new InvalidConfigurationException(first.getName().toString(), problem,
                "Correct or remove " + first.getName() + ". The settings are listed in README.md and in application.yml.");
    }
}
