using System.Buffers;
using Classroom.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Classroom.Bench.Scenarios.District;

/// <summary>One hub message's size in both protocols: the payload inside the WebSocket frame, and with the frame header.</summary>
public sealed record WireSize(string Message, string Direction, int Json, int MessagePack, int JsonFramed, int MessagePackFramed)
{
    /// <summary>A label short enough for a chart axis.</summary>
    public string Label { get; init; } = Message;

    public double MessagePackShare => (double)MessagePack / Json;
}

/// <summary>
/// Exact bytes of the real hub messages, written by the same protocol classes the server and the
/// browser use (JSON: text plus the 0x1E record separator; MessagePack: binary with its varint length
/// prefix), from values the run actually received. TCP/IP headers are not counted.
/// </summary>
public static class WireSizes
{
    private static readonly JsonHubProtocol JsonProtocol = new();
    private static readonly MessagePackHubProtocol MessagePackProtocol =
        new(Options.Create(new MessagePackHubProtocolOptions { SerializerOptions = WireFormat.MessagePack }));

    public static IReadOnlyList<WireSize> Measure(ChatMessageView chat, LessonSnapshot snapshot)
    {
        var people = snapshot.Participants.Count;
        return
        [
            Size("ChatReceived", "server → each member", toServer: false, new InvocationMessage(nameof(IClassroomClient.ChatReceived), [chat])),
            Size("SendChat", "sender → server", toServer: true, new InvocationMessage("17", HubMethods.SendChat, [new SendChatRequest(chat.Text)])),
            Size("SendChat completion (seq)", "server → sender", toServer: false, CompletionMessage.WithResult("17", chat.Seq)) with { Label = "SendChat ack" },
            Size($"Join completion, snapshot of {people} people", "server → joiner", toServer: false,
                CompletionMessage.WithResult("1", new JoinResult(JoinStatus.Admitted, snapshot.LessonId, snapshot.ServerNow, null, null, snapshot))) with { Label = $"Join ({people})" },
            Size("Ping (keep-alive, 15 s)", "both ways", toServer: false, PingMessage.Instance) with { Label = "Ping" },
        ];
    }

    private static WireSize Size(string name, string direction, bool toServer, HubMessage message)
    {
        var json = Bytes(JsonProtocol, message);
        var messagePack = Bytes(MessagePackProtocol, message);
        return new WireSize(name, direction, json, messagePack, json + FrameHeader(json, toServer), messagePack + FrameHeader(messagePack, toServer));
    }

    private static int Bytes(IHubProtocol protocol, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, buffer);
        return buffer.WrittenCount;
    }

    /// <summary>RFC 6455 §5.2: 2 bytes, plus 2 or 8 of extended length, plus the 4-byte mask on client frames.</summary>
    public static int FrameHeader(int payload, bool masked) =>
        2 + (payload <= 125 ? 0 : payload <= ushort.MaxValue ? 2 : 8) + (masked ? 4 : 0);
}
