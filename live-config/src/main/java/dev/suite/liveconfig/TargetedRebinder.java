package dev.suite.liveconfig;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesBeans;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Spring Cloud's rebinder, rebinding on a change only the {@code @ConfigurationProperties} beans a changed property
 * can reach: those whose prefix is the property or one of its ancestors, also through a placeholder (a property whose
 * value refers to a changed one, as the gateway's route timeouts do with
 * {@code ${gateway.routes.order-service.response-timeout:10s}}, has changed too). Spring Cloud's own rebinds every
 * such bean of the application on every change: 93 % of a refresh's CPU (bench/config-propagation/README.md). A
 * changed name that is not a valid property name, or a bean whose prefix cannot be read, rebinds as before.
 */
class TargetedRebinder extends ConfigurationPropertiesRebinder {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");

    private ApplicationContext context;

    TargetedRebinder(ConfigurationPropertiesBeans beans, RefreshAutoConfiguration.RefreshProperties refresh) {
        super(beans, refresh);
    }

    @Override
    public void setApplicationContext(ApplicationContext context) throws BeansException {
        super.setApplicationContext(context);
        this.context = context;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        // the same events Spring Cloud's rebinder answers: this context's, or one naming its keys as the source
        if (context == null || !(context.equals(event.getSource()) || event.getKeys().equals(event.getSource()))) {
            return;
        }
        Set<ConfigurationPropertyName> changed = changedNames(event.getKeys());
        if (changed == null) {
            rebind();
            return;
        }
        for (String bean : getBeanNames()) {
            ConfigurationPropertyName prefix = prefixOf(bean);
            if (prefix == null || changed.stream().anyMatch(name -> related(prefix, name))) {
                rebind(bean);
            }
        }
    }

    /** The changed properties and those whose values refer to one of them; null when a name is not valid. */
    private Set<ConfigurationPropertyName> changedNames(Set<String> keys) {
        Set<ConfigurationPropertyName> changed = new HashSet<>();
        for (String key : keys) {
            ConfigurationPropertyName name = nameOf(key);
            if (name == null) {
                return null;
            }
            changed.add(name);
        }
        if (!(context instanceof ConfigurableApplicationContext configurable)) {
            return null;
        }
        // properties that refer to a changed one, and so on, until nothing new is found
        for (boolean found = true; found;) {
            found = false;
            for (PropertySource<?> source : configurable.getEnvironment().getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                    continue;
                }
                for (String property : enumerable.getPropertyNames()) {
                    if (enumerable.getProperty(property) instanceof String value && value.contains("${")
                            && refersTo(value, changed)) {
                        ConfigurationPropertyName name = nameOf(property);
                        if (name == null) {
                            return null;
                        }
                        found |= changed.add(name);
                    }
                }
            }
        }
        return changed;
    }

    private static boolean refersTo(String value, Set<ConfigurationPropertyName> changed) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        while (placeholder.find()) {
            ConfigurationPropertyName name = nameOf(placeholder.group(1).trim());
            if (name == null || changed.stream().anyMatch(c -> related(c, name))) {
                return true;
            }
        }
        return false;
    }

    /** The name in its canonical form ({@code order.limits.maxItems} is {@code order.limits.maxitems}), or null. */
    private static ConfigurationPropertyName nameOf(String property) {
        if (ConfigurationPropertyName.isValid(property)) {
            return ConfigurationPropertyName.of(property);
        }
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(property, '.');
        return adapted.isEmpty() && !property.isEmpty() ? null : adapted;
    }

    private static boolean related(ConfigurationPropertyName a, ConfigurationPropertyName b) {
        return a.equals(b) || a.isAncestorOf(b) || b.isAncestorOf(a);
    }

    private ConfigurationPropertyName prefixOf(String bean) {
        try {
            ConfigurationPropertiesBean properties = ConfigurationPropertiesBean.get(context, context.getBean(bean), bean);
            return properties == null ? null : nameOf(properties.getAnnotation().prefix());
        }
        catch (RuntimeException unreadable) {
            return null;
        }
    }
}
