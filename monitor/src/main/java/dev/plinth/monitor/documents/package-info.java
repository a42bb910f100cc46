/**
 * The monitor's MongoDB documents and their Micronaut Data repositories. Unlike the monitor's other
 * packages, this one is not switched off outside a monitor context: a repository is inert until
 * something injects it (only the monitor's classes do), and the monitor's tests use the
 * repositories in a context of nothing but MongoDB settings, without the monitor's listeners and loops.
 */
package dev.plinth.monitor.documents;
