namespace Classroom.Media.Sdp;

// RFC 8866 §5.13: "a=<attribute-name>" or "a=<attribute-name>:<attribute-value>".

public sealed record SdpAttributeLine(string Name, string? Value)
{
    public override string ToString() => Value is null ? $"a={Name}" : $"a={Name}:{Value}";

    public static SdpAttributeLine Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttributeLine(text, null) : new SdpAttributeLine(text[..colon], text[(colon + 1)..]);
    }
}
