using MessagePack;

namespace Classroom.Contracts;

// Receiver choices, last-N and link quality (issue 13). Modes travel as their wire names
// ("auto", "low", "audioOnly"), link levels as "good", "poor", "bad".

/// <summary>
/// What the caller's page receives: <see cref="Own"/> is their choice, <see cref="ClassDefault"/> the
/// teacher's ceiling for students, <see cref="Effective"/> what the relay applies (the more restrictive
/// of the two for a student; staff are not bound by the class default).
/// </summary>
[MessagePackObject]
public sealed record ReceptionView(
    [property: Key("own")] string Own,
    [property: Key("effective")] string Effective,
    [property: Key("classDefault")] string ClassDefault);

/// <summary>
/// Which of the caller's received video tracks the relay forwards now. Tracks in <see cref="Paused"/>
/// stay negotiated but carry nothing (last-N, audio only): show the name, not a frozen picture.
/// <see cref="AudioOnlyForced"/>: the relay switched this page to audio only because its link collapsed.
/// </summary>
[MessagePackObject]
public sealed record MediaForwardingView(
    [property: Key("forwarded")] IReadOnlyList<string> Forwarded,
    [property: Key("paused")] IReadOnlyList<string> Paused,
    [property: Key("audioOnlyForced")] bool AudioOnlyForced = false);

/// <summary>
/// How a participant's link does: to staff for everyone, to each participant for themselves.
/// <see cref="BytesReceived"/> is what their page downloaded from the relay so far, <see cref="BytesSent"/>
/// what it uploaded. Unknown figures are null (the estimate and round trip come with the per-subscriber estimator).
/// </summary>
[MessagePackObject]
public sealed record LinkQualityView(
    [property: Key("participantId")] string ParticipantId,
    [property: Key("level")] string Level,
    [property: Key("lossPercent")] double LossPercent,
    [property: Key("bytesReceived")] long BytesReceived,
    [property: Key("bytesSent")] long BytesSent,
    [property: Key("estimateKbps")] int? EstimateKbps = null,
    [property: Key("rttMs")] int? RttMs = null,
    [property: Key("jitterMs")] double? JitterMs = null);

/// <summary>Wire names of link levels.</summary>
public static class LinkLevels
{
    public const string Good = "good";
    public const string Poor = "poor";
    public const string Bad = "bad";
}
