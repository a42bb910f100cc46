/**
 * The app-controller's MongoDB documents that Micronaut Data maps, and their repositories. Unlike the
 * app-controller's other packages, this one is not switched off outside an app-controller context: a
 * repository is inert until something injects it (only the app-controller's classes do), and the
 * tests use the repositories in a context of nothing but MongoDB settings, without the
 * app-controller's loops.
 */
package dev.plinth.appcontroller.documents;
