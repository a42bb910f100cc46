package dev.plinth.bootstrapper.simulator;

import java.util.Random;

/**
 * A car's speed over time: a small state machine (stopped → accelerating → cruising → braking →
 * stopped or cruising again) with a drifting cruise speed and measurement noise, between 0 and
 * {@value #MAX_KMH} km/h.
 *
 * <p>Pure and deterministic for a given {@link Random}: the simulator gives each car its own, and
 * the tests a seeded one. Not thread-safe; one car, one caller.</p>
 */
public final class SpeedModel {

    /** What the car is doing. */
    public enum Phase { STOPPED, ACCELERATING, CRUISING, BRAKING }

    /** The fastest any car goes. */
    public static final double MAX_KMH = 120;
    /** The strongest acceleration, in km/h per second (about 3.3 m/s²). */
    static final double MAX_ACCELERATION = 12;
    /** The hardest braking, in km/h per second (about 6.9 m/s²). */
    static final double MAX_DECELERATION = 25;
    /** The largest measurement error, in km/h. */
    static final double MAX_NOISE = 2;

    private static final double STEP_SECONDS = 0.5;

    private final Random random;
    private Phase phase = Phase.STOPPED;
    private double speed;
    /** Where the current phase is heading: the cruise speed, or the speed braking ends at. */
    private double target;
    /** km/h per second in the current phase (positive accelerating, positive braking). */
    private double rate;
    /** Seconds left stopped or cruising before the next decision. */
    private double remaining;

    /**
     * A car that starts stopped and drives off within a few seconds.
     *
     * @param random its source of chance
     */
    public SpeedModel(Random random) {
        this.random = random;
        this.remaining = uniform(0, 5);
    }

    /**
     * Advances the car by some time and measures its speed.
     *
     * @param seconds how much time passed since the last measurement (more than 0)
     * @return the measured speed in km/h: 0 when stopped, otherwise the speed with a little noise,
     *         always within 0 and {@value #MAX_KMH}
     */
    public double advance(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("time must move forward, not by " + seconds + " s");
        }
        // Small steps, so a long interval still goes through the phases a car would.
        double left = seconds;
        while (left > 0) {
            double dt = Math.min(STEP_SECONDS, left);
            step(dt);
            left -= dt;
        }
        if (phase == Phase.STOPPED) {
            return 0;
        }
        double noise = Math.max(-MAX_NOISE, Math.min(MAX_NOISE, random.nextGaussian() * MAX_NOISE / 3));
        return clamp(speed + noise);
    }

    /** @return what the car is doing now */
    public Phase phase() {
        return phase;
    }

    /** @return the car's true speed now, without measurement noise */
    public double trueSpeed() {
        return speed;
    }

    private void step(double dt) {
        switch (phase) {
            case STOPPED -> {
                speed = 0;
                remaining -= dt;
                if (remaining <= 0) {
                    accelerateTo(cruiseSpeed());
                }
            }
            case ACCELERATING -> {
                speed = Math.min(target, speed + rate * dt);
                if (speed >= target) {
                    cruise();
                }
            }
            case CRUISING -> {
                // The driver holds the speed roughly: pulled back towards the target, with a wobble.
                speed = clamp(speed + (target - speed) * 0.3 * dt + random.nextGaussian() * Math.sqrt(dt));
                remaining -= dt;
                if (remaining <= 0) {
                    decide();
                }
            }
            case BRAKING -> {
                speed = Math.max(target, speed - rate * dt);
                if (speed <= target) {
                    if (target == 0) {
                        phase = Phase.STOPPED;
                        speed = 0;
                        remaining = uniform(3, 30);
                    } else {
                        cruise();
                    }
                }
            }
        }
    }

    /** End of a cruise: stop (a light, a jam), change speed (a new limit), or carry on. */
    private void decide() {
        double p = random.nextDouble();
        if (p < 0.25) {
            brakeTo(0);
        } else if (p < 0.60) {
            double next = cruiseSpeed();
            if (next > speed) {
                accelerateTo(next);
            } else {
                brakeTo(next);
            }
        } else {
            cruise();
        }
    }

    private void accelerateTo(double kmh) {
        phase = Phase.ACCELERATING;
        target = kmh;
        rate = uniform(5, MAX_ACCELERATION);
    }

    private void brakeTo(double kmh) {
        phase = Phase.BRAKING;
        target = kmh;
        rate = uniform(8, MAX_DECELERATION);
    }

    private void cruise() {
        phase = Phase.CRUISING;
        // Mean 40 s, never less than 5 s or more than 3 minutes.
        remaining = Math.max(5, Math.min(180, -40 * Math.log(1 - random.nextDouble())));
    }

    /** A cruise speed: town (30–60), road (60–90) or motorway (90–120), the last often over a limit. */
    private double cruiseSpeed() {
        double p = random.nextDouble();
        if (p < 0.3) {
            return uniform(30, 60);
        }
        if (p < 0.7) {
            return uniform(60, 90);
        }
        return uniform(90, MAX_KMH - MAX_NOISE);
    }

    private double uniform(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    private static double clamp(double kmh) {
        return Math.max(0, Math.min(MAX_KMH, kmh));
    }
}
