/**
 * The chat protocol as Netty handlers, for people who bring their own bootstrap: line framing,
 * string codecs, the {@code BYE} handler, and initializers that assemble them around the
 * application's own handler.
 */
package dev.linechat.pipeline;
