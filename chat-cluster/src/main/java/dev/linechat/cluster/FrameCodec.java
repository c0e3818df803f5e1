package dev.linechat.cluster;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link ClusterFrame} into the fields of a Redis Stream entry and back.
 *
 * <p>Every value is a string, numbers in decimal, so that {@code XRANGE} in {@code redis-cli} shows a
 * readable entry. The field {@code v} names the layout: a node that meets a layout it does not know
 * refuses the entry instead of guessing.
 */
public final class FrameCodec {

    /** Layout version written into every entry. */
    public static final String VERSION = "1";

    /** How many fields {@link #encode} gives every frame. */
    public static final int FIELDS = 7;

    static final String F_VERSION = "v";
    static final String F_NODE = "node";
    static final String F_EPOCH = "epoch";
    static final String F_SEQ = "seq";
    static final String F_KIND = "kind";
    static final String F_NAME = "name";
    static final String F_TEXT = "text";

    private FrameCodec() {
    }

    /** Returns the entry's fields, in a stable order. */
    public static Map<String, String> encode(ClusterFrame frame) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(F_VERSION, VERSION);
        fields.put(F_NODE, frame.node());
        fields.put(F_EPOCH, Long.toString(frame.epoch()));
        fields.put(F_SEQ, Long.toString(frame.seq()));
        fields.put(F_KIND, frame.kind().name());
        fields.put(F_NAME, frame.name());
        fields.put(F_TEXT, frame.text());
        return fields;
    }

    /**
     * Reads a frame from an entry's fields; fields it does not know are ignored, so that a later
     * version may add some.
     *
     * @throws MalformedFrameException if a field is missing or unreadable, naming the field
     */
    public static ClusterFrame decode(Map<String, String> fields) {
        if (fields == null) {
            throw new MalformedFrameException("entry has no fields");
        }
        String version = field(fields, F_VERSION);
        if (!VERSION.equals(version)) {
            throw new MalformedFrameException("unknown frame layout v=" + version + " (this node reads v=" + VERSION + ")");
        }
        String node = field(fields, F_NODE);
        if (node.isEmpty()) {
            throw new MalformedFrameException("field 'node' is empty");
        }
        long epoch = number(fields, F_EPOCH);
        long seq = number(fields, F_SEQ);
        if (seq < 1) {
            throw new MalformedFrameException("field 'seq' is " + seq + ", not a positive number");
        }
        return new ClusterFrame(node, epoch, seq, kind(field(fields, F_KIND)), field(fields, F_NAME), field(fields, F_TEXT));
    }

    private static String field(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new MalformedFrameException("field '" + key + "' is missing");
        }
        return value;
    }

    private static long number(Map<String, String> fields, String key) {
        String value = field(fields, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("field '" + key + "' is not a number: '" + value + "'");
        }
    }

    private static ClusterFrame.Kind kind(String value) {
        try {
            return ClusterFrame.Kind.valueOf(value);
        } catch (IllegalArgumentException e) {
            // Upper-case names only: a lower-case kind is another writer's mistake, not a synonym.
            throw new MalformedFrameException(
                    "field 'kind' is not one of " + Arrays.toString(ClusterFrame.Kind.values()) + ": '" + value + "'");
        }
    }
}
