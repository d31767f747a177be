package dev.descent.cli;

import dev.descent.ml.DataRequest;
import dev.descent.ml.Engine;

/**
 * {@code --engine}: the pipeline's engine by name. The Spark engine is made here, in a class of its
 * own, so that local runs never load Spark's classes, and a command line without Spark on its class
 * path gets a message instead of a stack trace.
 */
final class Engines {
    private Engines() {}

    static Engine of(String name, String master, Integer partitions) {
        switch (name) {
            case "local":
                if (master != null || partitions != null) {
                    throw new UsageError((master != null ? "--master" : "--partitions") + " applies to --engine spark only");
                }
                return Engine.LOCAL;
            case "spark":
                if (partitions != null && partitions < 1) {
                    throw new UsageError("--partitions must be at least 1: " + partitions);
                }
                try {
                    Class.forName("org.apache.spark.SparkConf", false, Engines.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new UsageError("--engine spark needs Apache Spark on the class path: run it through ./descent, "
                            + "which adds it, or with spark-submit");
                }
                return new dev.descent.spark.SparkEngine(master, partitions == null ? 0 : partitions);
            default:
                throw new UsageError("--engine must be local or spark: " + name);
        }
    }
}
