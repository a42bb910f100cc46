/**
 * The servers and waits every module's tests share, written once: {@code kafka}, {@code mongo} and
 * {@code mqtt} servers in the test JVM on free loopback ports, {@code tokens} signed as the gateway
 * and the agents sign real ones, {@code time} a test moves by hand, and {@code wait}, the one way a
 * test waits for a condition. Test scope only; nothing here needs Micronaut.
 */
package dev.plinth.testkit;
