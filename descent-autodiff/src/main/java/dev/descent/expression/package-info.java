/**
 * The expression language: a formula typed on the command line, parsed into postfix code that runs
 * on the autodiff engine, so every formula is differentiable. {@link dev.descent.expression.Expression}
 * is the entry point; {@link dev.descent.expression.ExpressionException} names the column and the fix.
 */
package dev.descent.expression;
