namespace Classroom.Bench.Janus;

/// <summary>
/// Janus refused a request: a Janus API error (<c>{"janus":"error","error":{"code","reason"}}</c>)
/// or a plugin error (<c>plugindata.data.error_code</c> / <c>error</c>), with its code and reason.
/// </summary>
public sealed class JanusException : Exception
{
    public JanusException()
    {
    }

    public JanusException(string message) : base(message)
    {
    }

    public JanusException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public JanusException(string request, int code, string? reason)
        : base($"Janus refused '{request}': {code} {reason}")
    {
        Request = request;
        Code = code;
        Reason = reason;
    }

    /// <summary>What we asked for (e.g. "message join", "attach").</summary>
    public string? Request { get; }

    /// <summary>Janus's error code (e.g. 458 no such session, 426 no such room, 436 already exists).</summary>
    public int Code { get; }

    public string? Reason { get; }
}
