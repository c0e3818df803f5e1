/**
 * Line-oriented chat over TCP for programs that don't want to know Netty: {@link
 * dev.linechat.ChatServer} and {@link dev.linechat.ChatClient} handles, the {@link
 * dev.linechat.ChatListener} that receives their events, and the {@link dev.linechat.ChatSession}
 * used to answer one peer; {@link dev.linechat.Tls} settings encrypt the connection.
 */
package dev.linechat;
