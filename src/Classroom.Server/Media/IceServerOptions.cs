using System.ComponentModel.DataAnnotations;

namespace Classroom.Server.Media;

/// <summary>
/// TURN (and STUN) servers handed to pages for networks where neither the relay's UDP nor its TCP
/// port gets through (<c>Classroom:Media:IceServers</c>). Pages get the URLs and, for TURN, a
/// username and password computed from <see cref="Secret"/> that expire after
/// <see cref="CredentialLifetime"/> (coturn's <c>use-auth-secret</c>). Empty (the default): pages
/// get no ICE servers and reach the relay directly.
/// </summary>
public sealed class IceServerOptions : IValidatableObject
{
    public const string Section = MediaHosting.Section + ":IceServers";

    /// <summary>E.g. <c>turns:turn.school.example:443?transport=tcp</c>, <c>turn:turn.school.example:3478</c>.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The <c>static-auth-secret</c> of the TURN server; required when a TURN URL is given.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a page's TURN credential stays valid: a school day, so a long lesson never outlives it.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "2.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>At most this many URLs (a browser tries each; more only slows gathering).</summary>
    public const int MaxUrls = 8;

    /// <summary>The secret's least length: a guessed secret mints credentials for anyone.</summary>
    public const int MinSecretLength = 16;

    public bool HasTurn => Urls.Any(IsTurn);

    private static bool IsTurn(string url) => url.StartsWith("turn:", StringComparison.Ordinal) || url.StartsWith("turns:", StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Urls.Count > MaxUrls) yield return new ValidationResult($"At most {MaxUrls} ICE server URLs.", [nameof(Urls)]);
        foreach (var url in Urls)
        {
            // RFC 7064 / RFC 7065 schemes, then a host; no spaces or quotes that could break the page's config.
            if (!(IsTurn(url) || url.StartsWith("stun:", StringComparison.Ordinal) || url.StartsWith("stuns:", StringComparison.Ordinal))
                || url.Length > 256 || url.Length <= url.IndexOf(':', StringComparison.Ordinal) + 1 || url.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>'))
            {
                yield return new ValidationResult($"'{url}' is not a stun:, stuns:, turn: or turns: URL.", [nameof(Urls)]);
            }
        }
        if (HasTurn && (Secret is null || Secret.Length < MinSecretLength))
            yield return new ValidationResult($"A TURN URL needs Secret (the TURN server's static-auth-secret), at least {MinSecretLength} characters.", [nameof(Secret)]);
    }
}
