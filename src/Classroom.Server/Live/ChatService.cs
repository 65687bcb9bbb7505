using Classroom.Contracts;

namespace Classroom.Server.Live;

/// <summary>Posting and catching up on chat for a connection in a lesson.</summary>
public sealed class ChatService(Presence presence, LessonPublisher publisher, ChatHistory history, TimeProvider time)
{
    public async Task<long> SendAsync(string connectionId, SendChatRequest request, CancellationToken ct)
    {
        var room = presence.RoomOf(connectionId);
        return await room.LockedAsync(async () =>
        {
            var posted = room.Live.PostChat(connectionId, request.Text, request.ToParticipantId, time.GetUtcNow());
            await publisher.ApplyAsync(room, [posted]);
            return posted.Message.Seq;
        }, ct);
    }

    /// <summary>Everything after <paramref name="seq"/> the caller may see: what a reconnecting client missed.</summary>
    public async Task<IReadOnlyList<ChatMessageView>> SinceAsync(string connectionId, long seq, CancellationToken ct)
    {
        var (room, me) = await presence.RequireAsync(connectionId, staff: false, ct);
        return await history.ReadAsync(room.LessonId, me.Id, me.Role, Math.Max(0, seq), ct);
    }
}
