/** Multi-start: one method from many seeded starts, and the distinct local minima it reached. */
package dev.descent.multistart;
