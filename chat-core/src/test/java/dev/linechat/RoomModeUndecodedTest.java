package dev.linechat;

/**
 * Every room test again, with the lines reaching the room as bytes: a server leaves the string
 * decoder out when no listener wants the lines as text, and the room decodes only commands.
 */
class RoomModeUndecodedTest extends RoomModeTest {

    @Override
    boolean undecoded() {
        return true;
    }
}
