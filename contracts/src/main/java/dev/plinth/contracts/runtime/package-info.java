/**
 * The seam a node agent runs instances through. One {@link dev.plinth.contracts.runtime.Runtime}
 * implementation per technology: an OS process (the default), a Docker container.
 */
package dev.plinth.contracts.runtime;
