package dev.plinth.appcontroller.schedules;

import dev.plinth.appcontroller.apps.AppAccess;
import dev.plinth.appcontroller.apps.AppRepository;
import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.appcontroller.apps.VersionRepository;
import dev.plinth.appcontroller.deployments.DeploymentEvents;
import dev.plinth.appcontroller.deployments.DeploymentRecord;
import dev.plinth.appcontroller.deployments.DeploymentRepository;
import dev.plinth.appcontroller.deployments.DeploymentService;
import dev.plinth.appcontroller.deployments.DeviceAvailability;
import dev.plinth.appcontroller.documents.ScheduleDocumentRepository;
import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.appcontroller.testing.RecordingDeploymentEvents;
import dev.plinth.contracts.descriptor.DescriptorParser;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.state.Collections;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler against a real (in-memory) MongoDB: firing once however many schedulers race,
 * CRON runs that start and stop, and carrying on after a crash from what is in MongoDB only.
 */
class SchedulerTest {

    private static final Instant BASE = Instant.parse("2031-03-10T10:00:00Z");
    private static final SchedulerSettings SETTINGS = new SchedulerSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(60), 100);

    private InProcessMongo mongo;
    private ApplicationContext repositories;
    private MutableClock clock;
    private RecordingDeploymentEvents events;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        repositories = ApplicationContext.run(Map.of("mongodb.uri", mongo.uri(), "plinth.mongodb.database", "plinth",
                "mongodb.package-names", "dev.plinth.appcontroller.documents"));
        clock = new MutableClock(BASE);
        events = new RecordingDeploymentEvents();
        Database db = database();
        new AppRepository(db).recordUpload("hello-http", "ada", "", "1.0.0", BASE);
        String yaml = ExamplePackages.descriptorOf(ExamplePackages.helloHttp());
        new VersionRepository(db).insert(new VersionRecord("hello-http", "1.0.0", "ada", "ab".repeat(32), 4000, 9000, 2,
                new DescriptorParser().parse(yaml), List.of("process"), BASE));
    }

    @AfterEach
    void stop() {
        try {
            repositories.close();
        } finally {
            mongo.close();
        }
    }

    /** The schedules as one app-controller process keeps them: through its Micronaut Data repository. */
    private ScheduleRepository schedules() {
        return new ScheduleRepository(repositories.getBean(ScheduleDocumentRepository.class));
    }

    private Database database() {
        return new Database(mongo.client().getDatabase("plinth"));
    }

    /** A scheduler as one app-controller process builds it: its own beans, the same database. */
    private Scheduler newScheduler() {
        Database db = database();
        AppRepository apps = new AppRepository(db);
        VersionRepository versions = new VersionRepository(db);
        DeploymentService deployments = new DeploymentService(new AppAccess(apps), versions, new DeploymentRepository(db),
                new DeploymentEvents(events, clock), new AppLock(db, clock), clock, 100, new DeviceAvailability(db));
        return new Scheduler(schedules(), deployments, apps, versions, clock, SETTINGS);
    }

    private ScheduleRecord insertAt(String id, Instant at) {
        ScheduleRecord s = new ScheduleRecord(id, "hello-http", "ada", ScheduleRecord.AT, "1.0.0", 2, at, null, null,
                null, null, at, null, ScheduleRecord.ACTIVE, List.of(), BASE);
        schedules().insert(s);
        return s;
    }

    private ScheduleRecord insertCron(String id, String cron, Long durationSeconds, Instant until) {
        Instant first = CronTimes.parse(cron, java.time.ZoneOffset.UTC).next(clock.instant()).orElseThrow();
        ScheduleRecord s = new ScheduleRecord(id, "hello-http", "ada", ScheduleRecord.CRON, "1.0.0", 1, null, cron, "Z",
                durationSeconds, until, first, null, ScheduleRecord.ACTIVE, List.of(), BASE);
        schedules().insert(s);
        return s;
    }

    private ScheduleRecord schedule(String id) {
        return schedules().find(id).orElseThrow();
    }

    private List<DeploymentRecord> deployments() {
        return new DeploymentRepository(database()).list("hello-http");
    }

    private DeploymentRecord deployment(String id) {
        return new DeploymentRepository(database()).find(id).orElseThrow();
    }

    @Test
    void anAtScheduleFiresExactlyOnceWhileSchedulersRace() throws Exception {
        Instant at = BASE.plusSeconds(30);
        insertAt("hello-http-race", at);
        List<Scheduler> schedulers = List.of(newScheduler(), newScheduler(), newScheduler(), newScheduler());
        ExecutorService pool = Executors.newFixedThreadPool(schedulers.size());
        int handled = 0;
        try {
            // Before the time: nobody fires.
            for (Scheduler s : schedulers) {
                handled += s.tick();
            }
            assertEquals(0, handled);
            clock.set(at);
            for (int round = 0; round < 40; round++) {
                CyclicBarrier together = new CyclicBarrier(schedulers.size());
                List<Future<Integer>> ticks = new ArrayList<>();
                for (Scheduler s : schedulers) {
                    ticks.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return s.tick();
                    }));
                }
                for (Future<Integer> tick : ticks) {
                    handled += tick.get(30, TimeUnit.SECONDS);
                }
                clock.advance(Duration.ofMillis(500));
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, handled, "one tick in all handled the schedule");
        List<DeploymentRecord> made = deployments();
        assertEquals(1, made.size());
        assertEquals("hello-http-race-" + at.getEpochSecond(), made.get(0).id());
        assertEquals("hello-http-race", made.get(0).scheduleId());
        assertEquals(2, made.get(0).instances());
        assertEquals(1, events.sent().size());
        assertEquals(DeploymentEvent.Type.DESIRED, events.events().get(0).type());
        ScheduleRecord after = schedule("hello-http-race");
        assertEquals(ScheduleRecord.DONE, after.state());
        assertNull(after.nextFireAt());
        assertEquals(List.of(new ScheduleRecord.Firing(at, made.get(0).id(), null)), after.fired());
        assertNull(mongo.database("plinth").getCollection(Collections.SCHEDULES).find().first().get("claim"));
    }

    @Test
    void aCronRunStartsThenStopsAfterItsDuration() {
        insertCron("hello-http-cron", "*/5 * * * *", 120L, null);
        Scheduler scheduler = newScheduler();
        Instant firstRun = BASE.plus(Duration.ofMinutes(5));

        clock.set(firstRun.minusSeconds(1));
        assertEquals(0, scheduler.tick());

        clock.set(firstRun);
        assertEquals(1, scheduler.tick());
        String firstId = "hello-http-cron-" + firstRun.getEpochSecond();
        assertTrue(deployment(firstId).active());
        ScheduleRecord running = schedule("hello-http-cron");
        assertEquals(firstRun.plusSeconds(120), running.stopAt());
        assertEquals(firstRun.plus(Duration.ofMinutes(5)), running.nextFireAt());
        assertEquals(ScheduleRecord.ACTIVE, running.state());

        clock.set(firstRun.plusSeconds(60));
        assertEquals(0, scheduler.tick());
        assertTrue(deployment(firstId).active());

        clock.set(firstRun.plusSeconds(120));
        assertEquals(1, scheduler.tick());
        DeploymentRecord stopped = deployment(firstId);
        assertFalse(stopped.active());
        assertEquals(2, stopped.generation());
        DeploymentEvent stopEvent = events.events().get(1);
        assertEquals(DeploymentEvent.Type.STOPPED, stopEvent.type());
        assertEquals("schedule hello-http-cron ended its run at " + firstRun.plusSeconds(120), stopEvent.reason());
        assertNull(schedule("hello-http-cron").stopAt());
        assertEquals(ScheduleRecord.ACTIVE, schedule("hello-http-cron").state());

        // The next time makes a new deployment, as the last one is stopped.
        Instant secondRun = firstRun.plus(Duration.ofMinutes(5));
        clock.set(secondRun);
        assertEquals(1, scheduler.tick());
        String secondId = "hello-http-cron-" + secondRun.getEpochSecond();
        assertTrue(deployment(secondId).active());
        assertEquals(List.of(firstId, secondId), schedule("hello-http-cron").fired().stream().map(ScheduleRecord.Firing::deploymentId).toList());
    }

    @Test
    void aCronWithAnEndStopsItsLastRunThereAndIsDone() {
        Instant until = BASE.plus(Duration.ofMinutes(12));
        insertCron("hello-http-until", "*/5 * * * *", null, until);
        Scheduler scheduler = newScheduler();

        clock.set(BASE.plus(Duration.ofMinutes(5)));
        scheduler.tick();
        String id = "hello-http-until-" + BASE.plus(Duration.ofMinutes(5)).getEpochSecond();
        assertEquals(until, schedule("hello-http-until").stopAt());

        // The next time finds the same deployment running: nothing to change, the run goes on.
        clock.set(BASE.plus(Duration.ofMinutes(10)));
        scheduler.tick();
        assertEquals(1, deployments().size());
        assertEquals(1, deployment(id).generation());
        ScheduleRecord last = schedule("hello-http-until");
        assertNull(last.nextFireAt(), "10:15 is past the end");
        assertEquals(until, last.stopAt());

        clock.set(until);
        scheduler.tick();
        assertFalse(deployment(id).active());
        assertEquals(ScheduleRecord.DONE, schedule("hello-http-until").state());
        assertEquals(0, scheduler.tick());
    }

    @Test
    void aSchedulerThatDiedMidFiringIsTakenOverWithoutASecondDeployment() {
        Instant at = BASE.plusSeconds(10);
        insertAt("hello-http-crash", at);
        clock.set(at);
        // A process claims the firing and deploys, then dies before recording it.
        ScheduleRepository repository = schedules();
        ScheduleRecord claimed = repository.claimDue(clock.instant(), "dead-process#1", clock.instant().plus(SETTINGS.claimTimeout()))
                .orElseThrow();
        Scheduler dying = newScheduler();
        DeploymentService deployments = new DeploymentService(new AppAccess(new AppRepository(database())),
                new VersionRepository(database()), new DeploymentRepository(database()), new DeploymentEvents(events, clock),
                new AppLock(database(), clock), clock, 100, new DeviceAvailability(database()));
        deployments.apply(new DeploymentService.Target(new AppRepository(database()).find("hello-http").orElseThrow(),
                new VersionRepository(database()).find("hello-http", "1.0.0").orElseThrow(), claimed.instances()),
                claimed.id() + "-" + at.getEpochSecond(), claimed.id());
        assertEquals(1, events.sent().size());

        // After a restart, a new scheduler leaves the claim alone until it expires...
        Scheduler restarted = newScheduler();
        assertEquals(0, restarted.tick());
        assertEquals(0, dying.tick());
        clock.advance(SETTINGS.claimTimeout().plusSeconds(1));

        // ...then finishes the firing: it finds the deployment made, and makes no other.
        assertEquals(1, restarted.tick());
        assertEquals(1, deployments().size());
        assertEquals(1, events.sent().size(), "the deployment did not change, so nothing new is announced");
        ScheduleRecord done = schedule("hello-http-crash");
        assertEquals(ScheduleRecord.DONE, done.state());
        assertEquals(List.of(new ScheduleRecord.Firing(at, "hello-http-crash-" + at.getEpochSecond(), null)), done.fired());
    }

    @Test
    void carriesOnFromMongoAloneAfterARestart() {
        insertCron("hello-http-restart", "*/5 * * * *", 60L, null);
        Instant run = BASE.plus(Duration.ofMinutes(5));
        clock.set(run);
        newScheduler().tick();

        // Every object is new: only the database remembers that a run must stop.
        clock.set(run.plusSeconds(60));
        assertEquals(1, newScheduler().tick());

        assertFalse(deployment("hello-http-restart-" + run.getEpochSecond()).active());
    }

    @Test
    void aMissedTimeFiresLateWhileItsRunWouldLastAndIsSkippedAfter() {
        insertCron("hello-http-late", "*/5 * * * *", 60L, null);

        // Down from 10:04 to 10:20:30: the 10:20 run (until 10:21) still makes sense; earlier ones do not.
        clock.set(BASE.plus(Duration.ofMinutes(20)).plusSeconds(30));
        assertEquals(1, newScheduler().tick());
        Instant late = BASE.plus(Duration.ofMinutes(20));
        assertEquals(List.of("hello-http-late-" + late.getEpochSecond()), deployments().stream().map(DeploymentRecord::id).toList());
        assertEquals(late.plusSeconds(60), schedule("hello-http-late").stopAt());
        assertEquals(BASE.plus(Duration.ofMinutes(25)), schedule("hello-http-late").nextFireAt());
        assertEquals(1, schedule("hello-http-late").fired().size());
    }

    @Test
    void aTimeWhoseRunIsAlreadyOverIsSkipped() {
        insertCron("hello-http-skip", "*/5 * * * *", 60L, null);

        clock.set(BASE.plus(Duration.ofMinutes(21)).plusSeconds(30));
        assertEquals(1, newScheduler().tick());

        assertEquals(List.of(), deployments());
        ScheduleRecord s = schedule("hello-http-skip");
        assertEquals(List.of(), s.fired());
        assertEquals(BASE.plus(Duration.ofMinutes(25)), s.nextFireAt());
        assertEquals(ScheduleRecord.ACTIVE, s.state());
    }

    @Test
    void aFiringThatCannotDeployIsRecordedWithWhy() {
        Instant at = BASE.plusSeconds(5);
        insertAt("hello-http-gone", at);
        mongo.database("plinth").getCollection(Collections.VERSIONS).deleteMany(new Document());
        clock.set(at);

        assertEquals(1, newScheduler().tick());

        ScheduleRecord s = schedule("hello-http-gone");
        assertEquals(List.of(new ScheduleRecord.Firing(at, null, "version 1.0.0 was deleted")), s.fired());
        assertEquals(ScheduleRecord.DONE, s.state());
        assertEquals(List.of(), deployments());
    }

    @Test
    void aCancelledScheduleDoesNotFire() {
        Instant at = BASE.plusSeconds(5);
        insertAt("hello-http-cancelled", at);
        assertTrue(schedules().cancel("hello-http-cancelled", BASE));
        clock.set(at);

        assertEquals(0, newScheduler().tick());
        assertEquals(List.of(), deployments());
    }

    @Test
    void aFiredScheduleIsStoredWithTheFieldsAndTypesOfTheStateModel() {
        Instant at = BASE.plusSeconds(10);
        insertAt("hello-http-shape", at);
        clock.set(at);
        assertEquals(1, newScheduler().tick());

        Document stored = mongo.client().getDatabase("plinth").getCollection(Collections.SCHEDULES)
                .find(new Document("_id", "hello-http-shape")).first();
        Document expected = new Document("_id", "hello-http-shape").append("app", "hello-http").append("owner", "ada")
                .append("kind", "AT").append("version", "1.0.0").append("instances", 2).append("at", Date.from(at))
                .append("cron", null).append("zone", null).append("durationSeconds", null).append("until", null)
                .append("nextFireAt", null).append("stopAt", null).append("state", "DONE").append("claim", null)
                .append("fired", List.of(new Document("at", Date.from(at))
                        .append("deploymentId", "hello-http-shape-" + at.getEpochSecond()).append("error", null)))
                .append("createdAt", Date.from(BASE)).append("updatedAt", Date.from(at));
        assertEquals(new TreeMap<>(expected), new TreeMap<>(stored));
    }

    @Test
    void aScheduleStoredBeforeTheRepositoryStillFires() {
        // A document as app-controller wrote it with the driver, field by field, before the repository,
        // with an expired claim of a process that died.
        Instant at = BASE.plusSeconds(10);
        mongo.client().getDatabase("plinth").getCollection(Collections.SCHEDULES).insertOne(new Document("_id", "hello-http-legacy")
                .append("app", "hello-http").append("owner", "ada").append("kind", "AT").append("version", "1.0.0")
                .append("instances", 2).append("at", Date.from(at)).append("cron", null).append("zone", null)
                .append("durationSeconds", null).append("until", null).append("nextFireAt", Date.from(at))
                .append("stopAt", null).append("state", "ACTIVE")
                .append("claim", new Document("by", "gone#1").append("until", Date.from(BASE)))
                .append("fired", List.of()).append("createdAt", Date.from(BASE)).append("updatedAt", Date.from(BASE)));
        clock.set(at);

        assertEquals(1, newScheduler().tick());
        ScheduleRecord done = schedule("hello-http-legacy");
        assertEquals(ScheduleRecord.DONE, done.state());
        assertEquals(List.of(new ScheduleRecord.Firing(at, "hello-http-legacy-" + at.getEpochSecond(), null)), done.fired());
        assertEquals(1, deployments().size());
    }
}
