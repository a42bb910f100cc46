package dev.plinth.bootstrapper.simulator;

import dev.plinth.bootstrapper.simulator.SpeedModel.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two simulated hours per case, with seeded randomness: the speeds a car reports are believable. */
class SpeedModelTest {

    private static final double HOURS = 2;
    /** Cruising wobble the bound on change leaves room for, in km/h. */
    private static final double WOBBLE = 6;

    @ParameterizedTest(name = "seed {0}, a reading every {1} s")
    @CsvSource({
            "1, 1", "2, 1", "3, 1", "42, 1",
            "4, 0.2", "5, 0.5",
            "6, 5", "7, 10",
    })
    void speedsStayWithinLimitsAndChangeLikeACar(long seed, double interval) {
        SpeedModel car = new SpeedModel(new Random(seed));
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        double previous = 0;
        int readings = (int) (HOURS * 3600 / interval);
        int stopped = 0;
        int above90 = 0;
        double sum = 0;
        for (int i = 0; i < readings; i++) {
            double kmh = car.advance(interval);
            phases.add(car.phase());
            assertTrue(kmh >= 0 && kmh <= SpeedModel.MAX_KMH, "reading " + i + " is " + kmh + " km/h");
            double change = Math.abs(kmh - previous);
            double plausible = SpeedModel.MAX_DECELERATION * interval + 2 * SpeedModel.MAX_NOISE + WOBBLE;
            assertTrue(change <= plausible, "reading " + i + " jumped " + change + " km/h in " + interval + " s");
            if (car.phase() == Phase.STOPPED) {
                assertEquals(0, kmh, "a stopped car reads 0");
                stopped++;
            }
            above90 += kmh > 90 ? 1 : 0;
            sum += kmh;
            previous = kmh;
        }
        assertEquals(EnumSet.allOf(Phase.class), phases, "a car stops, accelerates, cruises and brakes");
        assertTrue(stopped > 0, "it stops now and then");
        assertTrue(above90 > 0, "it sometimes drives above 90 km/h (the example's threshold)");
        double mean = sum / readings;
        assertTrue(mean > 20 && mean < 100, "a mean speed of " + mean + " km/h");
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11", "12", "13"})
    void acceleratingNeverSlowsAndBrakingNeverSpeedsUp(long seed) {
        SpeedModel car = new SpeedModel(new Random(seed));
        Phase phase = car.phase();
        double speed = car.trueSpeed();
        for (int i = 0; i < 20_000; i++) {
            car.advance(0.5);
            if (car.phase() == phase && phase == Phase.ACCELERATING) {
                assertTrue(car.trueSpeed() >= speed, "accelerating from " + speed + " to " + car.trueSpeed());
                assertTrue(car.trueSpeed() - speed <= SpeedModel.MAX_ACCELERATION * 0.5 + 1e-9, "too quick: " + speed + " → " + car.trueSpeed());
            }
            if (car.phase() == phase && phase == Phase.BRAKING) {
                assertTrue(car.trueSpeed() <= speed, "braking from " + speed + " to " + car.trueSpeed());
            }
            phase = car.phase();
            speed = car.trueSpeed();
        }
    }

    @Test
    void theSameSeedDrivesTheSameWay() {
        SpeedModel a = new SpeedModel(new Random(99));
        SpeedModel b = new SpeedModel(new Random(99));
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            first.add(a.advance(1));
            second.add(b.advance(1));
        }
        assertEquals(first, second);
    }

    @Test
    void aCarStartsStoppedAndDrivesOffSoon() {
        SpeedModel car = new SpeedModel(new Random(5));
        assertEquals(Phase.STOPPED, car.phase());
        double kmh = 0;
        for (int i = 0; i < 15; i++) {
            kmh = car.advance(1);
        }
        assertTrue(kmh > 0, "moving after 15 s: " + car.phase());
    }

    @Test
    void timeMustMoveForward() {
        SpeedModel car = new SpeedModel(new Random(1));
        assertThrows(IllegalArgumentException.class, () -> car.advance(0));
        assertThrows(IllegalArgumentException.class, () -> car.advance(-1));
    }
}
