/** File output that is all or nothing: {@link dev.descent.io.AtomicFile}. */
package dev.descent.io;
