/**
 * Input and output helpers: file output that is all or nothing ({@link dev.descent.io.AtomicFile}),
 * user text made safe to quote in a message ({@link dev.descent.io.Printable}), and the pieces of
 * descent's binary formats, headers, raw-bit numbers and arrays ({@link dev.descent.io.BinaryFormat}).
 */
package dev.descent.io;
