/**
 * Spec strings, the text form of a configured value: {@code adam:lr=1e-3,beta2=0.99},
 * {@code sgd:lr=0.01,momentum=0.9,nesterov}, {@code onecycle:total=200,pct=0.25}.
 * {@link dev.descent.spec.Spec} is the syntax; a family's table is a list of
 * {@link dev.descent.spec.Kind}s, each with its {@link dev.descent.spec.Key}s (name, type, range,
 * default read off the record's own defaults) and the one call that makes a value of them. The
 * tables live with what they make: {@code dev.descent.optim.Optimizers} and
 * {@code dev.descent.schedule.Schedules}. This package imports neither.
 */
package dev.descent.spec;
