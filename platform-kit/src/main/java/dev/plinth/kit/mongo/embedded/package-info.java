/** The MongoDB wire server Plinth runs inside a JVM: the embedded platform's and the tests'. */
package dev.plinth.kit.mongo.embedded;
