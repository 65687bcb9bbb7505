using System.ComponentModel.DataAnnotations;

namespace Classroom.Core.Accounts;

/// <summary>How wrong passwords slow down further attempts (section <c>Classroom:Login</c>).</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Classroom:Login";

    /// <summary>Wrong passwords one address may type for one account before it has to wait.</summary>
    [Range(1, 100)]
    public int FreeFailures { get; set; } = 5;

    /// <summary>The first wait after the free failures; it doubles with every further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait one address can earn for one account.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A pair's failures are forgotten after this long without another one (longer than <see cref="MaxDelay"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failures for one account from all addresses within <see cref="AccountWindow"/> before every answer for it is slowed.</summary>
    [Range(1, 100_000)]
    public int AccountFailuresBeforeSlowDown { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The extra time every login answer for a much-attacked account takes. A delay, never a refusal:
    /// the owner still gets in, a guesser pays with time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan AccountSlowDown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pairs and accounts remembered at most (each); the oldest are forgotten first.</summary>
    [Range(16, 1_000_000)]
    public int MaxTracked { get; set; } = 10_000;
}
