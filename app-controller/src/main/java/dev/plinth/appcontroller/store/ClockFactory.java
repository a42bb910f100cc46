package dev.plinth.appcontroller.store;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The clock records are stamped with, and the one schedules are judged by; tests give their own. */
@Factory
public class ClockFactory {

    /** Names the clock schedules are created and fired by. */
    public static final String SCHEDULES = "schedules";

    /** @return the system clock in UTC */
    @Singleton
    @Primary
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The system clock moved by {@code plinth.scheduler.clock-offset} (none by default): a test of a
     * whole platform sets it to reach a schedule's time without waiting for it. Leases and record
     * stamps keep the real time.
     *
     * @param offset how far ahead of the system clock schedules are judged
     * @return the clock of schedules
     */
    @Singleton
    @Named(SCHEDULES)
    public Clock schedulesClock(@Value("${plinth.scheduler.clock-offset:0s}") Duration offset) {
        return Clock.offset(Clock.systemUTC(), offset);
    }
}
