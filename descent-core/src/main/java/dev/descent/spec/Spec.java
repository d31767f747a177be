package dev.descent.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A spec string taken apart: a name and its settings, written
 * {@code name[:key=value,key=value,...]}, such as {@code adam:lr=1e-3,beta2=0.99} or
 * {@code onecycle:total=200,pct=0.25}. A key written alone, as {@code nesterov} in
 * {@code sgd:momentum=0.9,nesterov}, sets a flag: its value is the empty string. The settings keep
 * the order they were written in.
 *
 * <p>This is the syntax only; what the keys mean, their ranges and their defaults are each
 * family's table ({@code dev.descent.optim.Optimizers}, {@code dev.descent.schedule.Schedules}),
 * made of {@link Kind}s and {@link Key}s.
 *
 * @param name the kind named, such as {@code adam}; not empty
 * @param settings each key given and its text, in order; the empty text for a flag written alone
 */
public record Spec(String name, Map<String, String> settings) {

    /** Validates and copies the settings, keeping their order. */
    public Spec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new SpecException("a spec starts with a name, such as adam or adam:lr=0.01", null, null,
                    "a spec starts with a name, such as adam or adam:lr=0.01");
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The name alone, with no settings. */
    public static Spec of(String name) {
        return new Spec(name, Map.of());
    }

    /**
     * Reads {@code name[:key=value,...]}; spaces around names, keys and values are dropped.
     *
     * @throws SpecException when the name is missing, a setting is not {@code key=value} or a bare
     *     key, or a key is given twice
     */
    public static Spec parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip();
        Map<String, String> settings = new LinkedHashMap<>();
        String rest = colon < 0 ? "" : trimmed.substring(colon + 1).strip();
        if (!rest.isEmpty()) {
            for (String piece : rest.split(",", -1)) {
                int equals = piece.indexOf('=');
                String key = (equals < 0 ? piece : piece.substring(0, equals)).strip();
                String value = equals < 0 ? "" : piece.substring(equals + 1).strip();
                if (key.isEmpty() || (equals >= 0 && value.isEmpty())) {
                    String problem = "expected key=value, got '" + piece.strip() + "'";
                    throw new SpecException(problem, null, null, problem);
                }
                if (settings.put(key, value) != null) {
                    String problem = key + " is given twice";
                    throw new SpecException(name + ": " + problem, name, key, problem);
                }
            }
        }
        return new Spec(name, settings);
    }

    /** Whether {@code key} is set. */
    public boolean has(String key) {
        return settings.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value} (the empty text for a flag), after the others or in its place. */
    public Spec with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return new Spec(name, copy);
    }

    /** The spec as text, {@link #parse} read back: a flag set alone as its bare key. */
    @Override
    public String toString() {
        if (settings.isEmpty()) {
            return name;
        }
        List<String> pieces = new ArrayList<>();
        settings.forEach((key, value) -> pieces.add(value.isEmpty() ? key : key + "=" + value));
        return name + ":" + String.join(",", pieces);
    }
}
