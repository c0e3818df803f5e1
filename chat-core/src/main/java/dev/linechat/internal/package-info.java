/** Implementation details of the chat library, with no compatibility promise. */
package dev.linechat.internal;
