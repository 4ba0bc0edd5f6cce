package dev.pollux.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@code String}, {@code int} or {@code long} parameter to a named group of the route's pattern.
 * A group that took part in no match is null for a {@code String}; a number that does not fit answers
 * {@code 50}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Group {

    /** The group's name; empty means the parameter's name. */
    String value() default "";
}
