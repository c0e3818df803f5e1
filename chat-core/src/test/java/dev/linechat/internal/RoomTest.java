package dev.linechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for names in a {@link Room}; the room's conversations are tested in {@code RoomModeTest}. */
class RoomTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Bob_99", "user3-2", "zoë", "名前", "😀", "a.b/c", "O'Brien"})
    void acceptsVisibleNamesWithoutSpaces(String name) {
        assertNull(Room.checkName(name));
    }

    @Test
    void countsTheLengthInCharactersNotUtf16Units() {
        assertNull(Room.checkName("a".repeat(Room.MAX_NAME_LENGTH)));
        assertNull(Room.checkName("😀".repeat(Room.MAX_NAME_LENGTH)));
        assertEquals("a name has at most 32 characters", Room.checkName("a".repeat(Room.MAX_NAME_LENGTH + 1)));
        assertEquals("a name has at most 32 characters", Room.checkName("😀".repeat(Room.MAX_NAME_LENGTH + 1)));
    }

    @Test
    void anEmptyNameIsAUsageError() {
        assertEquals("usage: /nick NAME", Room.checkName(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", " a", "a ", "a\tb", "a\u00a0b", "a\u2003b", "a\u3000b", "a\u2028b", "a\u0085b"})
    void refusesEveryKindOfSpace(String name) {
        assertThat(Room.checkName(name)).startsWith("a name cannot contain spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0007", "\u001b[31mred", "a\u007f", "a\u009bb"})
    void refusesControlCharacters(String name) {
        assertThat(Room.checkName(name)).startsWith("a name cannot contain spaces, control or invisible characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\u200b", "\u202eecila", "al\u200dice", "\ufeffalice", "al\u00adice"})
    void refusesInvisibleFormatCharactersThatWouldLetOneNameImpersonateAnother(String name) {
        assertThat(Room.checkName(name)).startsWith("a name cannot contain spaces, control or invisible characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<bob>", "a<b", "b>", "*bob*"})
    void refusesTheCharactersThatFrameNamesInTheRoomsLines(String name) {
        assertThat(Room.checkName(name)).endsWith("<, >, * or @");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user1@a1b2c3d4", "@bob", "bob@"})
    void refusesTheAtSignThatMarksTheNamesServersGive(String name) {
        assertThat(Room.checkName(name)).endsWith("<, >, * or @");
    }
}
