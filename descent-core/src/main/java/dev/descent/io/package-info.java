/**
 * Input and output helpers: file output that is all or nothing ({@link dev.descent.io.AtomicFile})
 * and user text made safe to quote in a message ({@link dev.descent.io.Printable}).
 */
package dev.descent.io;
