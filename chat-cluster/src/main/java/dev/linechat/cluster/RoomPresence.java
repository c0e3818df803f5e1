package dev.linechat.cluster;

import dev.linechat.cluster.ClusterFrame.Kind;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Who is in a room on which node, and which names are taken, kept in Redis beside the room's stream.
 *
 * <p>Every second (one round trip, one Lua script) a node writes its members' names under
 * {@code room:<name>:members:<node>} with a heartbeat that counts up, its epoch, the sequence
 * number up to which it has sent everything ({@link RoomLink#settled()}, so that a loss is noticed
 * even when the sender says nothing more) and the last number it gave (what a node that dies can
 * have lost), renews the names it holds, and reads the other nodes' lists. A node whose heartbeat has not moved for {@value #MISSED_BEATS} of this
 * node's beats is gone: its members leave the list and {@link Listener#onGone} names them. Liveness is
 * judged by beats this node saw rather than by key expiry, so that a Redis paused for a few seconds
 * (whose clock runs on meanwhile) makes nobody look dead.
 *
 * <p>A name chosen with {@code /nick} is held under {@code room:<name>:name:<lower-case name>} with the
 * holding node's id, set only when free or already this node's, and renewed with the beat; a crashed
 * node's names are free again after {@link #NAME_LEASE}. Names servers give ({@code user<n>@<node>})
 * are unique by construction and not held.
 */
final class RoomPresence {

    private static final System.Logger LOG = System.getLogger(RoomPresence.class.getName());

    /** How often a node writes its list and reads the others'. */
    static final Duration BEAT = Duration.ofSeconds(1);
    /** How soon a beat is tried again while Redis cannot be reached. */
    private static final Duration UNREACHABLE_RETRY = Duration.ofMillis(200);
    /** Beats of this node during which another node's heartbeat stood still before it counts as gone. */
    static final int MISSED_BEATS = 3;
    /** How long a held name stays held without renewal. */
    static final Duration NAME_LEASE = Duration.ofSeconds(10);
    /** How long a node's list stays in Redis without renewal: a leftover for nobody, once every node is gone. */
    private static final Duration LIST_LEASE = Duration.ofSeconds(30);

    // KEYS: the set of nodes. ARGV: node, list lease ms, key prefix, this node's list, name lease ms, names to hold.
    // Returns {names held by others, {node, list, node, list, ...}}.
    private static final String BEAT_SCRIPT = """
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SET', ARGV[3] .. 'members:' .. ARGV[1], ARGV[4], 'PX', ARGV[2])
            local lost = {}
            for i = 6, #ARGV do
              local holder = redis.call('GET', ARGV[i])
              if holder == false or holder == ARGV[1] then
                redis.call('SET', ARGV[i], ARGV[1], 'PX', ARGV[5])
              else
                table.insert(lost, ARGV[i])
              end
            end
            local seen = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local list = redis.call('GET', ARGV[3] .. 'members:' .. node)
              if list then
                table.insert(seen, node)
                table.insert(seen, list)
              else
                redis.call('SREM', KEYS[1], node)
              end
            end
            return {lost, seen}
            """;
    // KEYS: the name. ARGV: node, lease ms. Returns the empty string when the name is this node's, else its holder.
    private static final String CLAIM_SCRIPT = """
            local holder = redis.call('GET', KEYS[1])
            if holder == false or holder == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return ''
            end
            return holder
            """;
    // KEYS: the name. ARGV: node. Frees the name if this node holds it.
    private static final String RELEASE_SCRIPT = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    // KEYS: the set of nodes, the gone node's list. ARGV: the gone node.
    private static final String FORGET_SCRIPT = """
            redis.call('SREM', KEYS[1], ARGV[1])
            return redis.call('DEL', KEYS[2])
            """;

    /** What presence reports; called on a Lettuce thread, must return quickly. */
    interface Listener {
        /** {@code node} stopped beating; {@code names} were its members as last seen. */
        void onGone(String node, List<String> names);
    }

    private final RoomLink link;
    private final String node;
    private final String prefix;
    private final Supplier<List<String>> localNames;
    private final Listener listener;

    private long heartbeat; // touched by one beat at a time: each is scheduled when the previous has ended
    private final Map<String, Sighting> sightings = new HashMap<>(); // guarded by this

    private boolean stopped; // guarded by this
    private List<Object> lastLost = List.of(); // guarded by this
    private volatile Map<String, String> spelled = Map.of(); // lower-case name -> the name as spelled
    private volatile Map<String, String> listed = Map.of(); // name -> node, in the order the nodes listed them

    RoomPresence(RoomLink link, String room, Supplier<List<String>> localNames, Listener listener) {
        this.link = link;
        this.node = link.node();
        this.prefix = "room:" + room + ":";
        this.localNames = localNames;
        this.listener = listener;
    }

    /** Another node's last heartbeat, and for how many of this node's beats it has not moved. */
    private static final class Sighting {
        String beat;
        int still;
        long epoch;
        long published; // the highest number it had given a frame, as of its last beat
        List<String> names = new ArrayList<>();
    }

    /** Starts beating: the first beat at once, each next one a {@link #BEAT} after the previous has ended. */
    void start() {
        link.schedule(this::beat, Duration.ZERO);
    }

    /** The members of the room on other nodes, by name, mapped to their node's id. */
    Map<String, String> elsewhere() {
        return listed;
    }

    /** The name, as spelled there, of the member elsewhere called {@code name} ignoring case, or {@code null}. */
    String find(String name) {
        return spelled.get(key(name));
    }

    /**
     * Takes a name for a member of this node, if no other node holds it.
     *
     * @return completes with {@code null} when taken, or the reason to tell the member
     */
    CompletionStage<String> claim(String name) {
        RedisAsyncCommands<String, String> redis = link.commands();
        if (redis == null) {
            return CompletableFuture.completedFuture("the other servers cannot be reached to check the name " + name
                    + "; try again when they are back");
        }
        try {
            return redis.<String>eval(CLAIM_SCRIPT, ScriptOutputType.VALUE, new String[] {nameKey(name)},
                    node, Long.toString(NAME_LEASE.toMillis()))
                    .thenApply(holder -> holder == null || holder.isEmpty() ? null : "the name " + name + " is taken");
        } catch (RuntimeException closedMeanwhile) {
            return CompletableFuture.failedFuture(closedMeanwhile);
        }
    }

    /** Frees a name this node held; a name it cannot free now expires by itself. */
    void release(String name) {
        if (name.indexOf('@') >= 0) {
            return; // a name the server gave: never held
        }
        RedisAsyncCommands<String, String> redis = link.commands();
        if (redis != null) {
            try {
                redis.eval(RELEASE_SCRIPT, ScriptOutputType.INTEGER, new String[] {nameKey(name)}, node);
            } catch (RuntimeException closedMeanwhile) {
                LOG.log(Level.DEBUG, () -> prefix + ": " + name + " not released, it expires by itself: " + closedMeanwhile);
            }
        }
    }

    private void beat() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        RedisAsyncCommands<String, String> redis = link.commands();
        if (redis == null) {
            link.schedule(this::beat, UNREACHABLE_RETRY); // beat as soon as Redis is reachable
            return;
        }
        List<String> names = localNames.get();
        List<String> args = new ArrayList<>();
        args.add(node);
        args.add(Long.toString(LIST_LEASE.toMillis()));
        args.add(prefix);
        // The list: heartbeat, epoch, settled and last published sequence numbers, then the names.
        args.add(++heartbeat + " " + link.epoch() + " " + link.settled() + " " + link.published()
                + (names.isEmpty() ? "" : " " + String.join(" ", names)));
        args.add(Long.toString(NAME_LEASE.toMillis()));
        for (String name : names) {
            if (name.indexOf('@') < 0) {
                args.add(nameKey(name));
            }
        }
        CompletionStage<List<Object>> reply;
        try {
            reply = redis.eval(BEAT_SCRIPT, ScriptOutputType.MULTI, new String[] {prefix + "nodes"}, args.toArray(String[]::new));
        } catch (RuntimeException closedMeanwhile) {
            reply = CompletableFuture.failedFuture(closedMeanwhile);
        }
        reply.whenComplete((lists, failure) -> {
            try {
                if (failure != null) {
                    LOG.log(Level.DEBUG, () -> prefix + ": presence beat failed: " + failure);
                } else {
                    seen(lists);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, prefix + ": unreadable presence reply " + lists, e);
            } finally {
                link.schedule(this::beat, BEAT);
            }
        });
    }

    @SuppressWarnings("unchecked") // the script's reply: {list of strings, list of strings}
    private synchronized void seen(List<Object> reply) {
        List<Object> lost = (List<Object>) reply.get(0);
        if (!lost.equals(lastLost) && !lost.isEmpty()) {
            LOG.log(Level.WARNING, "{0}: names held by another node meanwhile (kept here, not unique now): {1}", prefix, lost);
        }
        lastLost = lost;
        List<Object> lists = (List<Object>) reply.get(1);
        Set<String> present = new HashSet<>();
        for (int i = 0; i + 1 < lists.size(); i += 2) {
            String other = (String) lists.get(i);
            if (other.equals(node)) {
                continue;
            }
            present.add(other);
            String[] words = ((String) lists.get(i + 1)).split(" ");
            if (words.length < 4) {
                LOG.log(Level.DEBUG, () -> prefix + ": unreadable list of node " + other);
                continue;
            }
            Sighting sighting = sightings.computeIfAbsent(other, n -> new Sighting());
            sighting.still = words[0].equals(sighting.beat) ? sighting.still + 1 : 0;
            sighting.beat = words[0];
            sighting.names = new ArrayList<>(List.of(words).subList(4, words.length));
            try {
                sighting.epoch = Long.parseLong(words[1]);
                sighting.published = Long.parseLong(words[3]);
                link.expectSettled(other, sighting.epoch, Long.parseLong(words[2]));
            } catch (NumberFormatException e) {
                LOG.log(Level.DEBUG, () -> prefix + ": unreadable numbers in the list of node " + other);
            }
        }
        for (Iterator<Map.Entry<String, Sighting>> it = sightings.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Sighting> entry = it.next();
            Sighting sighting = entry.getValue();
            if (!present.contains(entry.getKey())) {
                sighting.still++; // known from its frames alone so far, or forgotten by another node
            }
            boolean forgottenElsewhere = !present.contains(entry.getKey()) && sighting.beat != null;
            if (forgottenElsewhere || sighting.still >= MISSED_BEATS) {
                it.remove();
                if (sighting.beat != null) {
                    // Gone for good: whatever it had numbered and the stream does not hold is lost.
                    link.expectSettled(entry.getKey(), sighting.epoch, sighting.published);
                }
                forget(entry.getKey(), sighting.names, !forgottenElsewhere);
            }
        }
        publishViews();
    }

    /** Follows a node's arrivals, departures and renames as its frames tell them, between two beats. */
    synchronized void heard(ClusterFrame frame) {
        if (frame.kind() != Kind.JOIN && frame.kind() != Kind.LEAVE && frame.kind() != Kind.RENAME) {
            return;
        }
        Sighting sighting = sightings.computeIfAbsent(frame.node(), n -> new Sighting());
        switch (frame.kind()) {
            case JOIN -> sighting.names.add(frame.name());
            case LEAVE -> sighting.names.remove(frame.name());
            default -> sighting.names.replaceAll(name -> name.equals(frame.name()) ? frame.text() : name);
        }
        publishViews();
    }

    private void publishViews() {
        Map<String, String> byKey = new HashMap<>();
        Map<String, String> inOrder = new LinkedHashMap<>();
        sightings.forEach((other, sighting) -> sighting.names.forEach(name -> {
            byKey.put(key(name), name);
            inOrder.put(name, other);
        }));
        spelled = byKey;
        listed = Collections.unmodifiableMap(inOrder);
    }

    /** A node stopped beating: its list goes, for every node, and its members are reported gone. */
    private void forget(String gone, List<String> names, boolean forEveryone) {
        LOG.log(Level.WARNING, "{0}: server {1} stopped answering; {2} member(s) gone with it", prefix, gone, names.size());
        RedisAsyncCommands<String, String> redis = link.commands();
        if (forEveryone && redis != null) {
            redis.eval(FORGET_SCRIPT, ScriptOutputType.INTEGER, new String[] {prefix + "nodes", prefix + "members:" + gone}, gone);
        }
        if (!names.isEmpty()) {
            listener.onGone(gone, List.copyOf(names));
        }
    }

    /** Leaves the room's presence for good: beats stop, and this node's list goes. Waits a second at most. */
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        RedisAsyncCommands<String, String> redis = link.commands();
        if (redis != null) {
            try {
                redis.eval(FORGET_SCRIPT, ScriptOutputType.INTEGER, new String[] {prefix + "nodes", prefix + "members:" + node}, node)
                        .toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.DEBUG, () -> prefix + ": could not remove this node's list; it expires by itself: " + e);
            }
        }
    }

    private String nameKey(String name) {
        return prefix + "name:" + key(name);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
