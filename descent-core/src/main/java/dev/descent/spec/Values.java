package dev.descent.spec;

import java.util.Map;

/**
 * The settings of one spec as a {@link Kind}'s maker reads them: each key's value parsed by its
 * type, or the key's default when it is not given. A key the kind does not have, or read as
 * another type, is a mistake in the table and fails with {@link IllegalStateException}.
 */
public final class Values {
    private final Kind<?> kind;
    private final Map<String, String> settings;

    Values(Kind<?> kind, Map<String, String> settings) {
        this.kind = kind;
        this.settings = settings;
    }

    /** Whether the spec gives {@code key}. */
    public boolean given(String key) {
        keyOf(key);
        return settings.containsKey(key);
    }

    /** A {@link Key.Type#NUMBER} key's value. */
    public double number(String key) {
        return (Double) value(key, Key.Type.NUMBER);
    }

    /** A {@link Key.Type#WHOLE} key's value. */
    public long whole(String key) {
        return (Long) value(key, Key.Type.WHOLE);
    }

    /** The value of a {@link Key.Type#WHOLE} key made with {@link Key#integer}, which fits an {@code int}. */
    public int integer(String key) {
        return Math.toIntExact(whole(key));
    }

    /** A {@link Key.Type#FLAG} key's value. */
    public boolean flag(String key) {
        return (Boolean) value(key, Key.Type.FLAG);
    }

    /** A {@link Key.Type#CHOICE} key's value. */
    public String choice(String key) {
        return (String) value(key, Key.Type.CHOICE);
    }

    /** A {@link Key.Type#PAIR} key's two numbers. */
    public double[] pair(String key) {
        return ((double[]) value(key, Key.Type.PAIR)).clone();
    }

    /** A {@link Key.Type#LIST} key's whole numbers. */
    public long[] list(String key) {
        return ((long[]) value(key, Key.Type.LIST)).clone();
    }

    private Key<?> keyOf(String name) {
        return kind.key(name).orElseThrow(() -> new IllegalStateException(kind.name() + " has no key " + name));
    }

    private Object value(String name, Key.Type type) {
        Key<?> key = keyOf(name);
        if (key.type() != type) {
            throw new IllegalStateException(kind.name() + "'s " + name + " is a " + key.type() + ", read as a " + type);
        }
        String text = settings.get(name);
        if (text != null) {
            return key.parse(kind.name(), text);
        }
        Object fallback = key.constantDefault();
        if (fallback == null) {
            throw new IllegalStateException(kind.name() + "'s " + name + " has no constant default: read it only when given");
        }
        return fallback;
    }
}
