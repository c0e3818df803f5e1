package dev.linechat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.cluster.ClusterFrame.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final ClusterFrame LINE = new ClusterFrame("node-a", -42L, 7, Kind.LINE, "alice", "hello");

    @Test
    void roundTripsEveryField() {
        Map<String, String> fields = FrameCodec.encode(LINE);
        assertEquals(List.of("v", "node", "epoch", "seq", "kind", "name", "text"), List.copyOf(fields.keySet()));
        assertEquals(FrameCodec.FIELDS, fields.size(), "the sender's script counts on it");
        assertEquals("-42", fields.get("epoch"));
        assertEquals(LINE, FrameCodec.decode(fields));
    }

    @Test
    void roundTripsEveryKind() {
        for (Kind kind : Kind.values()) {
            ClusterFrame frame = new ClusterFrame("n", 1, 1, kind, "bob", "x");
            assertEquals(frame, FrameCodec.decode(FrameCodec.encode(frame)));
        }
    }

    @Test
    void keepsNonAsciiText() {
        ClusterFrame frame = new ClusterFrame("nœud-1", Long.MIN_VALUE, Long.MAX_VALUE, Kind.LINE, "zoë", "héllo wörld ✓ 🙂 日本語");
        assertEquals(frame, FrameCodec.decode(FrameCodec.encode(frame)));
    }

    @Test
    void keepsEmptyTextAndName() {
        ClusterFrame frame = new ClusterFrame("n", 0, 1, Kind.LINE, "", "");
        assertEquals(frame, FrameCodec.decode(FrameCodec.encode(frame)));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        Map<String, String> fields = new HashMap<>(FrameCodec.encode(LINE));
        fields.put("later", "something");
        assertEquals(LINE, FrameCodec.decode(fields));
    }

    @Test
    void namesEachMissingField() {
        for (String key : FrameCodec.encode(LINE).keySet()) {
            Map<String, String> fields = new HashMap<>(FrameCodec.encode(LINE));
            fields.remove(key);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(fields));
            assertEquals("field '" + key + "' is missing", e.getMessage());
        }
    }

    @Test
    void rejectsUnreadableNumbers() {
        assertMalformed("seq", "twelve", "field 'seq' is not a number: 'twelve'");
        assertMalformed("epoch", "", "field 'epoch' is not a number: ''");
        assertMalformed("seq", "99999999999999999999", "field 'seq' is not a number: '99999999999999999999'");
    }

    @Test
    void rejectsSequenceNumbersBelowOne() {
        assertMalformed("seq", "0", "field 'seq' is 0, not a positive number");
        assertMalformed("seq", "-3", "field 'seq' is -3, not a positive number");
    }

    @Test
    void rejectsUnknownKindAndLayout() {
        Map<String, String> fields = new HashMap<>(FrameCodec.encode(LINE));
        fields.put("kind", "line");
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(fields));
        assertTrue(e.getMessage().startsWith("field 'kind' is not one of [LINE, JOIN, LEAVE, RENAME, WHISPER]"), e.getMessage());
        assertMalformed("v", "2", "unknown frame layout v=2 (this node reads v=1)");
    }

    @Test
    void rejectsEmptyNodeAndNoFields() {
        assertMalformed("node", "", "field 'node' is empty");
        assertEquals("entry has no fields",
                assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(null)).getMessage());
        assertEquals("field 'v' is missing",
                assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(Map.of())).getMessage());
    }

    @Test
    void frameRefusesMissingOrigin() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterFrame("", 1, 1, Kind.LINE, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new ClusterFrame("n", 1, 0, Kind.LINE, "a", "b"));
        assertThrows(NullPointerException.class, () -> new ClusterFrame("n", 1, 1, Kind.LINE, "a", null));
    }

    private static void assertMalformed(String key, String value, String message) {
        Map<String, String> fields = new HashMap<>(FrameCodec.encode(LINE));
        fields.put(key, value);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(fields));
        assertEquals(message, e.getMessage());
    }
}
