package dev.descent.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One kind of a family's table, such as the optimizer {@code adam} or the schedule
 * {@code onecycle}: its name, its {@link Key}s with their defaults, and how a value is made from a
 * spec's settings. The table is the one place a kind's keys and defaults are written: parsing
 * ({@link #build}), printing ({@link #spec}), listing (a command's help, the explorer's page) all
 * read it.
 *
 * <p>A value is made in one call, {@code make}, from the settings given and the defaults of the
 * rest, so the record checks its hyper-parameters together, as its constructor always does. When
 * the record refuses one, the message it gives (which names its component, as
 * {@code learningRate must be in (0, inf): -1.0}) is said with the key instead ({@code adam: lr
 * must be in (0, inf): -1.0}).
 *
 * @param <R> the type of the kind's values, such as {@code Adam}
 */
public final class Kind<R> {
    private final String name;
    private final Class<R> type;
    private final String summary;
    private final R defaults;
    private final Function<Values, ? extends R> make;
    private final List<Key<R>> keys;
    private final Predicate<? super R> describes;

    private Kind(String name, Class<R> type, String summary, R defaults, Function<Values, ? extends R> make,
                 List<Key<R>> keys, Predicate<? super R> describes) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.defaults = defaults;
        this.make = Objects.requireNonNull(make, "make");
        this.describes = Objects.requireNonNull(describes, "describes");
        List<Key<R>> resolved = new ArrayList<>();
        for (Key<R> key : keys) {
            for (Key<R> other : resolved) {
                if (other.name().equals(key.name())) {
                    throw new IllegalArgumentException(name + " lists the key " + key.name() + " twice");
                }
            }
            resolved.add(key.withDefaultOf(defaults));
        }
        this.keys = List.copyOf(resolved);
    }

    /**
     * A kind of the table.
     *
     * @param name the kind's name in a spec, such as {@code adam}
     * @param type the class of its values
     * @param summary what it is, in a few words
     * @param defaults a value with every default, read for each key's default; for a kind with
     *     required keys, any valid value with the other keys at their defaults
     * @param make the value of a spec's settings, read through the {@link Values} it is given
     * @param keys the keys, in the order they are listed and printed
     */
    public static <R> Kind<R> of(String name, Class<R> type, String summary, R defaults, Function<Values, ? extends R> make,
                                 List<Key<R>> keys) {
        return new Kind<>(name, type, summary, defaults, make, keys, value -> true);
    }

    /** This kind printing only the values {@code which} accepts: another kind of the same class prints the rest. */
    public Kind<R> describing(Predicate<? super R> which) {
        return new Kind<>(name, type, summary, defaults, make, keys, which);
    }

    /** The name in a spec. */
    public String name() {
        return name;
    }

    /** The class of its values. */
    public Class<R> type() {
        return type;
    }

    /** What the kind is, in a few words. */
    public String summary() {
        return summary;
    }

    /** The keys, in the table's order, each with its default. */
    public List<Key<R>> keys() {
        return keys;
    }

    /** The key of this name, if the kind has one. */
    public Optional<Key<R>> key(String name) {
        return keys.stream().filter(key -> key.name().equals(name)).findFirst();
    }

    /** The names of the keys, in order. */
    public List<String> keyNames() {
        return keys.stream().map(Key::name).toList();
    }

    /** The value with every default, when the kind has no required key. */
    public Optional<R> defaults() {
        return keys.stream().anyMatch(Key::isRequired) ? Optional.empty() : Optional.of(build(Map.of()));
    }

    /** Whether {@code value} is one this kind prints: of its class, and of its form. */
    public boolean describes(Object value) {
        return type.isInstance(value) && describes.test(type.cast(value));
    }

    /**
     * The value of these settings, the defaults for the rest.
     *
     * @param settings keys and their texts; the empty text for a flag set
     * @throws SpecException naming the key, its allowed range or form, and for a key the kind does
     *     not have, the kind's own keys
     */
    public R build(Map<String, String> settings) {
        for (String given : settings.keySet()) {
            if (key(given).isEmpty()) {
                String problem = name + " has no key '" + given + "'; its keys: "
                        + (keys.isEmpty() ? "none" : String.join(", ", keyNames()));
                throw new SpecException(problem, name, given, problem);
            }
        }
        for (Key<R> key : keys) {
            if (key.isRequired() && !settings.containsKey(key.name())) {
                String needed = key.name() + "=" + (key.type() == Key.Type.LIST ? key.label() : "...");
                throw new SpecException(name + " needs " + needed, name, key.name(), key.name() + " is required: " + needed);
            }
        }
        try {
            return make.apply(new Values(this, settings));
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw refusal(e.getMessage());
        }
    }

    /** The value of {@code spec}'s settings; its name is not checked (the family chose this kind by it). */
    public R build(Spec spec) {
        return build(spec.settings());
    }

    /**
     * The shortest spec of {@code value}: the kind's name and each key whose value is not its
     * default, required keys always. {@link #build} of its settings gives {@code value} back.
     *
     * @throws IllegalArgumentException when a key of {@code value} has no text (a line search
     *     configured beyond the named ones)
     */
    public Spec spec(R value) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Key<R> key : keys) {
            Object own = key.read(value);
            if (key.isRequired() || !key.same(own, key.defaultIn(value))) {
                settings.put(key.name(), key.print(own));
            }
        }
        return new Spec(name, settings);
    }

    /**
     * Every key's value in {@code value}, as a spec writes it, in the table's order; a flag as
     * {@code true} or {@code false}. For a page or a report that shows each setting, default or not.
     */
    public Map<String, String> settings(R value) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Key<R> key : keys) {
            Object own = key.read(value);
            settings.put(key.name(), key.type() == Key.Type.FLAG ? own.toString() : key.print(own));
        }
        return settings;
    }

    /**
     * The kind's form for a help text: the required keys, then each optional one in brackets with its
     * default, as {@code onecycle:total=N[,pct=0.3][,anneal=cos|linear][,three-phase]}.
     */
    public String form() {
        StringBuilder form = new StringBuilder(name);
        boolean first = true;
        for (Key<R> key : keys) {
            if (!key.isRequired()) {
                continue;
            }
            form.append(first ? ":" : ",").append(key.name()).append('=').append(key.label());
            first = false;
        }
        for (Key<R> key : keys) {
            if (key.isRequired()) {
                continue;
            }
            String sep = first ? ":" : ",";
            String shown;
            if (key.type() == Key.Type.FLAG) {
                shown = key.name();
            } else if (key.type() == Key.Type.CHOICE || key.hasDependentDefault() || key.constantDefault() == null) {
                shown = key.name() + "=" + key.label();
            } else {
                shown = key.name() + "=" + key.print(key.constantDefault());
            }
            form.append('[').append(sep).append(shown).append(']');
            first = false;
        }
        return form.toString();
    }

    /** A record's refusal, said with the key it is about when one of the keys names it. */
    private SpecException refusal(String message) {
        // components first: "base momentum must ..." is base-momentum's, not base's
        for (Key<R> key : keys) {
            String renamed = key.rename(message);
            if (!renamed.equals(message)) {
                return new SpecException(name + ": " + renamed, name, key.name(), renamed);
            }
        }
        for (Key<R> key : keys) {
            if (key.names(message)) {
                return new SpecException(name + ": " + message, name, key.name(), message);
            }
        }
        return new SpecException(name + ": " + message, name, null, message);
    }

    @Override
    public String toString() {
        return name;
    }
}
