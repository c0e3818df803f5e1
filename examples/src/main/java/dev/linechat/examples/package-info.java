/** Runnable programs that use chat-core the way another project would. */
package dev.linechat.examples;
