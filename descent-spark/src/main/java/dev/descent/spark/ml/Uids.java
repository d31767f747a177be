package dev.descent.spark.ml;

/**
 * Hands a stage its uid before its Spark superclass asks for it. Spark's shared parameters
 * ({@code featuresCol}, ...) are fields of Scala traits, created in the superclass's constructor with
 * the stage as their parent, so {@code uid()} is called before a Java subclass's constructor body
 * runs; the uid is set aside here first and taken by the first call.
 */
final class Uids {
    private static final ThreadLocal<String> NEXT = new ThreadLocal<>();

    private Uids() {}

    /** What a private constructor takes so that {@link #handOver} runs before {@code super()}. */
    static final class Handover {
        private Handover() {}
    }

    /** Sets {@code uid} aside for the stage about to be constructed on this thread. */
    static Handover handOver(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a stage needs a uid");
        }
        NEXT.set(uid);
        return new Handover();
    }

    /** The uid set aside, taken once. */
    static String take() {
        String uid = NEXT.get();
        if (uid == null) {
            throw new IllegalStateException("no uid was handed over for the stage under construction");
        }
        NEXT.remove();
        return uid;
    }
}
