/**
 * The demo {@code plinth up} starts by default ({@code PLINTH_DEMO=false} or {@code --no-demo} turns
 * it off): simulated cars, the speed-alert example app watching them, and a simulated buzzer it
 * commands. {@link dev.plinth.bootstrapper.demo.SpeedAlertDemo} runs it; it sets itself up through
 * the platform's public API, like any user would, and reuses the simulator's classes.
 */
package dev.plinth.bootstrapper.demo;
