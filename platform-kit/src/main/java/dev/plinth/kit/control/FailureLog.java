package dev.plinth.kit.control;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Logs a recurring fault once when it starts and once when it is over, instead of at every retry.
 * Safe from any thread.
 *
 * <pre>{@code
 * FailureLog mongo = new FailureLog(LOG, "the scheduler cannot look for due schedules, retrying every interval",
 *         "the scheduler reaches MongoDB again");
 * try { tick(); mongo.recovered(); } catch (RuntimeException e) { mongo.failed(e); }
 * }</pre>
 */
public final class FailureLog {

    private final Logger log;
    private final String failing;
    private final String recovered;
    private final AtomicBoolean down = new AtomicBoolean();

    /**
     * @param log       where to log
     * @param failing   said (at WARN, followed by the fault) when the fault starts
     * @param recovered said (at INFO) when it is over
     */
    public FailureLog(Logger log, String failing, String recovered) {
        this.log = log;
        this.failing = failing;
        this.recovered = recovered;
    }

    /**
     * Notes a failure; logs it when it is the first of a run.
     *
     * @return true when it was logged
     */
    public boolean failed(Throwable fault) {
        return failed(describe(fault));
    }

    /** As {@link #failed(Throwable)}, with the fault in words. */
    public boolean failed(String fault) {
        if (down.compareAndSet(false, true)) {
            log.warn("{}: {}", failing, fault);
            return true;
        }
        return false;
    }

    /**
     * Notes a success; logs the recovery when failures came before.
     *
     * @return true when it was logged
     */
    public boolean recovered() {
        return recovered(null);
    }

    /**
     * As {@link #recovered()}, saying more about the run of failures that ended, as what was lost
     * meanwhile: logs {@code "<recovered>; <detail>"}.
     *
     * @param detail asked only when the recovery is logged
     * @return true when it was logged
     */
    public boolean recovered(Supplier<String> detail) {
        if (down.compareAndSet(true, false)) {
            if (detail == null) {
                log.info(recovered);
            } else {
                log.info("{}; {}", recovered, detail.get());
            }
            return true;
        }
        return false;
    }

    /** @return whether the last outcome was a failure */
    public boolean failing() {
        return down.get();
    }

    private static String describe(Throwable fault) {
        return fault.getMessage() == null ? fault.getClass().getSimpleName() : fault.getMessage();
    }
}
