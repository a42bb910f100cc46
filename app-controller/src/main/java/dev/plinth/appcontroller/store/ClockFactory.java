package dev.plinth.appcontroller.store;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock records are stamped with and schedules are judged by; tests give their own. */
@Factory
public class ClockFactory {

    /** @return the system clock in UTC */
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
