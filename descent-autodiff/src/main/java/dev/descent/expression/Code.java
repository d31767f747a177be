package dev.descent.expression;

import dev.descent.autodiff.Tensor;
import java.util.Arrays;

/**
 * Postfix code for a stack machine: a formula compiled once, evaluated many times without
 * recursion. Each instruction is an opcode and an operand (a constant's index, a variable's index,
 * a function's ordinal).
 */
final class Code {
    static final int CONSTANT = 0;
    static final int VARIABLE = 1;
    static final int NEG = 2;
    static final int ADD = 3;
    static final int SUB = 4;
    static final int MUL = 5;
    static final int DIV = 6;
    static final int POW = 7;
    static final int CALL = 8;

    private int[] opcodes = new int[16];
    private int[] operands = new int[16];
    private double[] constants = new double[8];
    private int size;
    private int constantCount;
    private int depth;
    private int maxDepth;

    void emit(int opcode) {
        add(opcode, 0);
        depth--; // binary operations pop two and push one; NEG and CALL(1) fix this up below
        if (opcode == NEG) {
            depth++;
        }
    }

    void constant(double value) {
        if (constantCount == constants.length) {
            constants = Arrays.copyOf(constants, constantCount * 2);
        }
        constants[constantCount] = value;
        add(CONSTANT, constantCount++);
        push();
    }

    void variable(int index) {
        add(VARIABLE, index);
        push();
    }

    void call(Function function) {
        add(CALL, function.ordinal());
        depth -= function.arity - 1;
    }

    private void push() {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
    }

    private void add(int opcode, int operand) {
        if (size == opcodes.length) {
            opcodes = Arrays.copyOf(opcodes, size * 2);
            operands = Arrays.copyOf(operands, size * 2);
        }
        opcodes[size] = opcode;
        operands[size] = operand;
        size++;
    }

    /** Rewrites variable indices through {@code mapping} (appearance order to the final order). */
    void renumber(int[] mapping) {
        for (int i = 0; i < size; i++) {
            if (opcodes[i] == VARIABLE) {
                operands[i] = mapping[operands[i]];
            }
        }
    }

    /** Runs the code with the given variable tensors. */
    Tensor run(Tensor[] variables, dev.descent.autodiff.Tape tape) {
        Tensor[] stack = new Tensor[maxDepth + 1];
        int top = -1;
        Function[] functions = Function.values();
        for (int i = 0; i < size; i++) {
            int operand = operands[i];
            switch (opcodes[i]) {
                case CONSTANT -> stack[++top] = tape.scalar(constants[operand]);
                case VARIABLE -> stack[++top] = variables[operand];
                case NEG -> stack[top] = stack[top].neg();
                case ADD -> stack[top - 1] = stack[top - 1].add(stack[top--]);
                case SUB -> stack[top - 1] = stack[top - 1].sub(stack[top--]);
                case MUL -> stack[top - 1] = stack[top - 1].mul(stack[top--]);
                case DIV -> stack[top - 1] = stack[top - 1].div(stack[top--]);
                case POW -> {
                    Tensor exponent = stack[top--];
                    stack[top] = exponent.requiresGradient() ? stack[top].pow(exponent) : stack[top].pow(exponent.item());
                }
                case CALL -> {
                    Function function = functions[operand];
                    if (function.arity == 2) {
                        Tensor right = stack[top--];
                        stack[top] = function.apply(stack[top], right);
                    } else {
                        stack[top] = function.apply(stack[top], null);
                    }
                }
                default -> throw new IllegalStateException("opcode " + opcodes[i]);
            }
        }
        return stack[0];
    }
}
