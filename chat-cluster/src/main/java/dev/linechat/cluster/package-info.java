/**
 * Rooms across several chat servers, meeting in Redis: {@link dev.linechat.cluster.ClusterFrame} and
 * {@link dev.linechat.cluster.FrameCodec} (what the nodes say to each other),
 * {@link dev.linechat.cluster.SequenceTracker} (no duplicate, no silent gap),
 * {@link dev.linechat.cluster.RedisUri} (where Redis is), {@link dev.linechat.cluster.RoomLink}
 * (one room's Redis Stream, read and written) and {@link dev.linechat.cluster.RedisRoomBridge} (a
 * room server's bridge through it, with the room's presence and names kept beside the stream).
 */
package dev.linechat.cluster;
