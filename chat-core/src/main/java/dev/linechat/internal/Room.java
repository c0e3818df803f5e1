package dev.linechat.internal;

import dev.linechat.ChatSession;
import dev.linechat.RoomBridge;
import dev.linechat.RoomCommand;
import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A chat room: its members, their names, and the delivery of lines among them. One per server;
 * safe to use from every I/O thread and the operator's thread.
 *
 * <p>A member's line goes to every other member as {@code <name> text}. A line starting with
 * {@code /} is a command ({@code /nick}, {@code /who}, {@code /msg}, {@code /help}); {@code //}
 * sends a line that starts with {@code /}. Notices start with {@code * }, refusals with
 * {@code ERROR }. Names are unique ignoring case, at most {@value #MAX_NAME_LENGTH} characters, with
 * no spaces, control characters or invisible format characters (such as a zero-width space, which
 * would let one name pass for another); the operator speaks as {@value #SERVER_NAME}.
 */
public final class Room implements OperatorDesk {

    /** The name under which the operator's lines appear. */
    public static final String SERVER_NAME = "server";
    /** The longest name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 32;
    /** The names of the commands every room has. */
    public static final Set<String> BUILT_IN_COMMANDS = Set.of("nick", "who", "msg", "help");
    /** The answer to {@code /help}. */
    public static final String HELP = "* commands: /nick NAME (rename), /who (list members), /msg NAME TEXT (private line),"
            + " /help, BYE (leave); start a line with // to send one that begins with /";

    private final LineEncoder encoder;
    private final ByteBufAllocator alloc;
    private final Consumer<String> transcript;
    private final ConcurrentNavigableMap<Long, Member> members = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, Member> byName = new ConcurrentHashMap<>();
    private final Map<String, RoomCommand> commands;
    private final String help;
    private final boolean transcribeLines;
    private final RoomBridge bridge;
    private final String serverId;

    /**
     * Creates an empty room.
     *
     * @param encoder encodes a line for the wire once, for all its receivers
     * @param alloc allocates the shared buffers
     * @param transcript receives every public line, for the operator to see
     */
    public Room(LineEncoder encoder, ByteBufAllocator alloc, Consumer<String> transcript) {
        this(encoder, alloc, transcript, Map.of(), true, null);
    }

    /**
     * Creates an empty room with commands of the application's own.
     *
     * @param encoder encodes a line for the wire once, for all its receivers
     * @param alloc allocates the shared buffers
     * @param transcript receives the notices and, if {@code transcribeLines}, every relayed line,
     *     for the operator to see
     * @param commands the application's commands by name (without the slash), in the order
     *     {@code /help} lists them
     * @param transcribeLines whether the transcript receives the members' lines too
     * @param bridge where the members' lines go after the local members, or {@code null}
     */
    public Room(LineEncoder encoder, ByteBufAllocator alloc, Consumer<String> transcript, Map<String, RoomCommand> commands,
            boolean transcribeLines, RoomBridge bridge) {
        this.transcribeLines = transcribeLines;
        this.bridge = bridge;
        this.serverId = bridge == null ? "" : bridge.serverId();
        this.encoder = encoder;
        this.alloc = alloc;
        this.transcript = transcript;
        this.commands = new LinkedHashMap<>(commands);
        this.help = commands.isEmpty() ? HELP
                : HELP + "; this room also has " + commands.keySet().stream().map(name -> "/" + name)
                        .collect(Collectors.joining(", "));
        byName.put(key(SERVER_NAME), new Member(null, null, SERVER_NAME)); // reserved, never a receiver
    }

    /** One member of the room. */
    public static final class Member {
        private final ChatSession session;
        private final Channel channel;
        private volatile String name;
        private volatile String prefix; // "<name> ", what goes before each of its lines
        private ByteBuf pending; // lines of the current read burst, not yet relayed; on the member's event loop only
        private List<String> held; // lines said while the other servers decide on a new name; on the event loop only

        private Member(ChatSession session, Channel channel, String name) {
            this.session = session;
            this.channel = channel;
            named(name);
        }

        private void named(String newName) {
            this.name = newName;
            this.prefix = "<" + newName + "> ";
        }

        /**
         * Returns the member's current name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }
    }

    /**
     * Adds a connection to the room under a name of its own ({@code user} and its id), announces it
     * to the others and welcomes it.
     *
     * @param channel the member's channel, with its session attached
     * @return the new member
     */
    public Member join(Channel channel) {
        ChatSession session = Sessions.of(channel);
        Member member = new Member(session, channel, null);
        String base = "user" + session.id() + (serverId.isEmpty() ? "" : "@" + serverId);
        String name = base;
        for (int n = 2; byName.putIfAbsent(key(name), member) != null; n++) {
            name = base + "-" + n; // someone already chose this name with /nick
        }
        member.named(name);
        members.put(session.id(), member);
        // Announced first: whoever connects after the newcomer has seen its welcome must not hear it join.
        broadcast("* " + name + " joined", member);
        session.send("* welcome, " + name + "; /help lists the commands");
        if (bridge != null) {
            bridge.joined(name);
        }
        return member;
    }

    /**
     * Removes a member and announces that it left.
     *
     * @param member the member
     */
    public void leave(Member member) {
        if (member.held != null) {
            sayHeld(member); // said before leaving: they go out under the name the member has
        }
        relay(member);
        if (members.remove(member.session.id()) != null) {
            byName.remove(key(member.name), member);
            broadcast("* " + member.name + " left", null);
            if (bridge != null) {
                bridge.left(member.name);
            }
        }
    }

    /**
     * Handles one line from a member: a command, or a line for everyone else.
     *
     * @param member who sent it
     * @param line the line, without terminator
     */
    public void say(Member member, String line) {
        if (member.held != null) {
            member.held.add(line);
        } else if (line.startsWith("//")) {
            queue(member, line.substring(1));
        } else if (line.startsWith("/")) {
            relay(member); // what the member said before the command goes out before its effects
            command(member, line);
        } else {
            queue(member, line);
        }
    }

    /**
     * Handles one line from a member as the UTF-8 bytes it arrived in, for servers that do not
     * decode lines nobody needs as text: a line for everyone else is copied into the burst as it is,
     * and only a command is decoded, then handled as {@link #say(Member, String)} handles it.
     *
     * @param member who sent it
     * @param line the line's bytes, without terminator; the caller keeps ownership
     */
    public void say(Member member, ByteBuf line) {
        if (member.held != null) {
            member.held.add(line.toString(StandardCharsets.UTF_8));
            return;
        }
        int at = line.readerIndex();
        boolean slash = line.isReadable() && line.getByte(at) == '/';
        if (slash && !(line.readableBytes() > 1 && line.getByte(at + 1) == '/')) {
            say(member, line.toString(StandardCharsets.UTF_8));
            return;
        }
        int skip = slash ? 1 : 0; // "//text" says "/text"
        ByteBuf text = line.slice(at + skip, line.readableBytes() - skip);
        ByteBuf batch = pending(member);
        ByteBufUtil.writeUtf8(batch, member.prefix);
        batch.writeBytes(text, text.readerIndex(), text.readableBytes()).writeByte(LineEncoder.TERMINATOR);
        if (transcribeLines || bridge != null) {
            String decoded = text.toString(StandardCharsets.UTF_8);
            if (transcribeLines) {
                transcript.accept(member.prefix + decoded);
            }
            if (bridge != null) {
                bridge.said(member.name, decoded);
            }
        }
    }

    /**
     * Sends the lines a member has said since the last relay to every other member, as one buffer
     * that they all share: one write and one flush per receiver for a whole read burst. Called on
     * the member's event loop when a read burst ends, and before anything else the member does.
     *
     * @param member the member whose lines go out
     */
    public void relay(Member member) {
        ByteBuf batch = member.pending;
        if (batch == null) {
            return;
        }
        member.pending = null;
        sendShared(batch, member);
    }

    /** Adds a member's line, with its name in front, to the lines to relay at the end of the burst. */
    private void queue(Member member, String text) {
        encoder.append(pending(member), member.prefix, text);
        if (transcribeLines) {
            transcript.accept(member.prefix + text);
        }
        if (bridge != null) {
            bridge.said(member.name, text);
        }
    }

    /**
     * Returns this room's side for its bridge: lines said on other servers go to every member here.
     *
     * @return the room as its bridge sees it
     */
    public RoomBridge.Local local() {
        return new RoomBridge.Local() {
            @Override
            public void relay(String name, String text) {
                relayAll(List.of(Map.entry(name, text)));
            }

            @Override
            public void relayAll(List<Map.Entry<String, String>> lines) {
                if (lines.isEmpty()) {
                    return;
                }
                ByteBuf batch = alloc.buffer();
                for (Map.Entry<String, String> line : lines) {
                    encoder.append(batch, "<" + line.getKey() + "> ", line.getValue());
                    if (transcribeLines) {
                        transcript.accept("<" + line.getKey() + "> " + line.getValue());
                    }
                }
                sendShared(batch, null);
            }

            @Override
            public void notice(String text) {
                broadcast(text, null);
            }

            @Override
            public boolean whisper(String from, String to, String text) {
                Member target = present(to);
                if (target == null) {
                    return false;
                }
                target.session.send("*" + from + "* " + text);
                return true;
            }

            @Override
            public List<String> members() {
                return members.values().stream().map(m -> m.name).toList();
            }
        };
    }

    private ByteBuf pending(Member member) {
        if (member.pending == null) {
            member.pending = alloc.buffer();
        }
        return member.pending;
    }

    /** The operator's lines go to everyone as {@value #SERVER_NAME}; {@code /who} lists the members. */
    @Override
    public void operatorSays(String line) {
        if (line.equals("/who")) {
            transcript.accept(who());
        } else {
            broadcast("<" + SERVER_NAME + "> " + line, null);
        }
    }

    private void command(Member member, String line) {
        String[] words = line.strip().split(" ", 3); // "/nick bob " means bob
        switch (words[0]) {
            case "/nick" -> rename(member, words.length > 1 ? line.strip().substring("/nick ".length()) : "");
            case "/who" -> member.session.send(who());
            case "/msg" -> whisper(member, words);
            case "/help" -> member.session.send(help);
            default -> custom(member, words[0], line.strip().substring(words[0].length()).strip());
        }
    }

    private void custom(Member member, String word, String argument) {
        RoomCommand command = commands.get(word.substring(1));
        if (command == null) {
            member.session.send("ERROR unknown command " + word + "; /help lists the commands");
            return;
        }
        try {
            command.run(new Call(member, argument));
        } catch (RuntimeException e) {
            member.session.send("ERROR " + word + " failed");
            transcript.accept("* " + word + " failed for " + member.name + ": " + e);
        }
    }

    /** One use of an application's command. */
    private final class Call implements RoomCommand.Call {
        private final Member member;
        private final String argument;

        Call(Member member, String argument) {
            this.member = member;
            this.argument = argument;
        }

        @Override
        public String caller() {
            return member.name;
        }

        @Override
        public ChatSession session() {
            return member.session;
        }

        @Override
        public String argument() {
            return argument;
        }

        @Override
        public void reply(String line) {
            member.session.send(line);
        }

        @Override
        public void announce(String line) {
            broadcast(line, null);
        }

        @Override
        public List<String> members() {
            return members.values().stream().map(m -> m.name).toList();
        }
    }

    private void rename(Member member, String wanted) {
        String problem = checkName(wanted);
        if (problem != null) {
            member.session.send("ERROR " + problem);
            return;
        }
        Member holder = byName.putIfAbsent(key(wanted), member);
        if (holder != null && holder != member) {
            member.session.send("ERROR the name " + wanted + " is taken");
            return;
        }
        if (bridge == null || holder == member) { // a name this member holds already is its own everywhere
            named(member, wanted);
            return;
        }
        // Reserved here; the other servers decide. The member's next lines wait for their answer.
        CompletableFuture<String> answer = bridge.claim(wanted).toCompletableFuture();
        if (answer.isDone()) {
            claimed(member, wanted, answer);
            return;
        }
        member.held = new ArrayList<>();
        member.channel.config().setAutoRead(false);
        answer.whenComplete((refusal, failure) -> member.channel.eventLoop().execute(() -> {
            claimed(member, wanted, answer);
            member.channel.config().setAutoRead(true);
            sayHeld(member);
            relay(member); // no read burst ends after these lines
        }));
    }

    private void claimed(Member member, String wanted, CompletableFuture<String> answer) {
        String refusal = answer.isCompletedExceptionally() ? null : answer.join();
        boolean present = members.containsKey(member.session.id());
        if (present && refusal == null && !answer.isCompletedExceptionally()) {
            named(member, wanted);
            return;
        }
        byName.remove(key(wanted), member);
        if (present) {
            member.session.send("ERROR " + (refusal != null ? refusal
                    : "the other servers could not be asked about " + wanted + "; try again"));
        }
    }

    /** Says the lines held while a name was claimed, until one of them claims a name again. */
    private void sayHeld(Member member) {
        List<String> lines = member.held;
        member.held = null;
        for (int i = 0; i < lines.size(); i++) {
            if (member.held != null) {
                member.held.addAll(lines.subList(i, lines.size()));
                return;
            }
            say(member, lines.get(i));
        }
    }

    private void named(Member member, String wanted) {
        String old = member.name;
        if (!key(old).equals(key(wanted))) {
            byName.remove(key(old), member);
        }
        member.named(wanted);
        broadcast("* " + old + " is now known as " + wanted, null);
        if (bridge != null) {
            bridge.renamed(old, wanted);
        }
    }

    private void whisper(Member member, String[] words) {
        if (words.length < 3) {
            member.session.send("ERROR usage: /msg NAME TEXT");
            return;
        }
        Member target = present(words[1]);
        if (target != null) {
            target.session.send("*" + member.name + "* " + words[2]);
        } else if (bridge == null || !bridge.whisper(member.name, words[1], words[2])) {
            member.session.send("ERROR no member is named " + words[1]);
        }
    }

    /** The member of this server with that name, ignoring case, or {@code null}. */
    private Member present(String name) {
        Member member = byName.get(key(name));
        return member == null || member.session == null || !members.containsKey(member.session.id()) ? null : member;
    }

    private String who() {
        Map<String, String> elsewhere = bridge == null ? Map.of() : bridge.elsewhere();
        int count = members.size() + elsewhere.size();
        return "* " + count + (count == 1 ? " member: " : " members: ")
                + Stream.concat(
                        members.values().stream().map(m -> m.name + " (" + Addresses.format(m.session.remoteAddress()) + ")"),
                        elsewhere.entrySet().stream().map(e -> e.getKey() + " (on server " + e.getValue() + ")"))
                        .collect(Collectors.joining(", "));
    }

    /** Sends a line to every member but one and shows it to the operator. */
    private void broadcast(String text, Member except) {
        sendShared(encoder.encode(alloc, text), except); // encoded once for every receiver
        transcript.accept(text);
    }

    /** Hands every member but {@code except} a view of the same buffer, then gives up this method's reference to it. */
    private void sendShared(ByteBuf shared, Member except) {
        try {
            for (Member member : members.values()) {
                if (member != except) {
                    member.channel.writeAndFlush(shared.retainedDuplicate());
                }
            }
        } finally {
            shared.release();
        }
    }

    /**
     * Tells why a name is not acceptable.
     *
     * @param name a wanted name
     * @return the reason, or {@code null} if the name is fine
     */
    static String checkName(String name) {
        if (name.isEmpty()) {
            return "usage: /nick NAME";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return "a name has at most " + MAX_NAME_LENGTH + " characters";
        }
        if (name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == '<' || c == '>' || c == '*' || c == '@')) {
            return "a name cannot contain spaces, control or invisible characters, <, >, * or @";
        }
        return null;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
