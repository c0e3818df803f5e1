/**
 * Plain text consoles for chat programs: show incoming lines, read the user's lines without blocking
 * the conversation. Used by the {@code chat serve} and {@code chat connect} apps.
 */
package dev.linechat.console;
