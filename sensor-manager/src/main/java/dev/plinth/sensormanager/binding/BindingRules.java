package dev.plinth.sensormanager.binding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the devices of one requirement: a pure function of the requirement, the registered
 * devices and the devices bound so far, so every sensor-manager process decides the same.
 *
 * <ol>
 *   <li>Devices that fit: within the reach of the app's owner (registered by them, or shared with
 *       them or with everyone by an admin), of the same kind and type, carrying every label of
 *       {@code where}. Nobody else's device is ever bound, however well it fits.</li>
 *   <li>Devices bound so far that still fit stay bound (an app keeps its sensors while others come
 *       and go), in id order, up to {@code count}.</li>
 *   <li>The remaining places go to the other fitting devices in id order.</li>
 *   <li>Fewer fitting devices than {@code count}: all of them are bound and the status is
 *       {@link BindingStatus#INSUFFICIENT}, with a reason saying what is missing.</li>
 * </ol>
 * The result lists the bound devices in id order.
 */
public final class BindingRules {

    private BindingRules() {
    }

    /**
     * @param requirement what the app asks for
     * @param appOwner    the owner of the app that asks
     * @param devices     every registered device (any order)
     * @param boundSoFar  the devices the requirement had, empty for a new one
     * @return the devices to bind, and whether they are enough
     */
    public static BindingDecision bind(Requirement requirement, String appOwner, Collection<Candidate> devices,
                                       Collection<String> boundSoFar) {
        TreeSet<String> fitting = new TreeSet<>();
        for (Candidate device : devices) {
            if (device.reachableBy(appOwner) && device.fits(requirement)) {
                fitting.add(device.id());
            }
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String kept : new TreeSet<>(boundSoFar)) {
            if (chosen.size() < requirement.count() && fitting.contains(kept)) {
                chosen.add(kept);
            }
        }
        for (String id : fitting) {
            if (chosen.size() >= requirement.count()) {
                break;
            }
            chosen.add(id);
        }
        List<String> bound = new ArrayList<>(new TreeSet<>(chosen));
        if (fitting.size() >= requirement.count()) {
            return new BindingDecision(bound, BindingStatus.BOUND, null);
        }
        return new BindingDecision(bound, BindingStatus.INSUFFICIENT, missing(requirement, appOwner, fitting.size()));
    }

    /**
     * @return a sentence saying what a requirement needs and how many devices within the owner's
     *         reach match, as {@code needs 10 vehicle-speed sensors with route=A1; 3 are registered
     *         to ada or shared with ada}
     */
    public static String missing(Requirement requirement, String appOwner, int matching) {
        String noun = requirement.kind().wire() + (requirement.count() == 1 ? "" : "s");
        String selector = requirement.selector();
        return "needs " + requirement.count() + " " + requirement.type() + " " + noun
                + (selector.isEmpty() ? "" : " with " + selector) + "; "
                + matching + (matching == 1 ? " is" : " are") + " registered to " + appOwner + " or shared with " + appOwner;
    }
}
