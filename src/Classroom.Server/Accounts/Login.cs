using System.Security.Cryptography;
using Classroom.Core.Accounts;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Accounts;

/// <summary>
/// <c>POST /api/auth/login</c>. Every attempt costs the same whether the name exists or not (one
/// password hash check), goes through the <see cref="LoginThrottle"/> first, and leaves at most one
/// sanitized log line.
/// </summary>
public static class Login
{
    public const string InvalidCode = "auth.invalid";
    public const string ThrottledCode = "auth.throttled";

    /// <summary>The throttle and what it needs; called once from the composition root.</summary>
    public static IServiceCollection AddLoginThrottle(this IServiceCollection services)
    {
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<LoginThrottleOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UnknownUserHash>();
        return services;
    }

    public static async Task<IResult> LoginAsync(
        LoginRequest? request,
        HttpContext http,
        LoginThrottle throttle,
        UnknownUserHash unknownUser,
        UserManager<TeacherAccount> users,
        SignInManager<TeacherAccount> signIn,
        IPasswordHasher<TeacherAccount> hasher,
        LogBudget budget,
        TimeProvider time,
        ILoggerFactory logs)
    {
        var logger = logs.CreateLogger(typeof(Login));
        var typed = request?.UserName ?? string.Empty;
        var password = request?.Password ?? string.Empty;
        var account = LoginThrottle.AccountKey(typed);
        var address = LoginThrottle.AddressKey(http.Connection.RemoteIpAddress);

        var verdict = throttle.Attempt(account, address);
        if (!verdict.Allowed)
        {
            var seconds = (int)Math.Ceiling(verdict.RetryAfter.TotalSeconds);
            if (budget.TryTake()) Log.LoginThrottled(logger, LogText.Sanitize(typed), address, seconds);
            return ProblemMapping.RetryLater(http.Response, ThrottledCode, "Too many wrong passwords from this device; wait before trying again.", seconds);
        }
        if (verdict.SlowDown > TimeSpan.Zero) await Task.Delay(verdict.SlowDown, time, http.RequestAborted);

        var userName = typed.Trim();
        var user = userName.Length is > 0 and <= LoginThrottle.MaxAccountKeyLength ? await users.FindByNameAsync(userName) : null;
        bool valid;
        if (user is null)
        {
            unknownUser.Verify(hasher, password);
            valid = false;
        }
        else
        {
            valid = await users.CheckPasswordAsync(user, password);
        }
        if (!valid)
        {
            if (budget.TryTake()) Log.LoginFailed(logger, LogText.Sanitize(typed), address);
            return ProblemMapping.Problem(StatusCodes.Status401Unauthorized, InvalidCode, "Wrong user name or password.");
        }

        throttle.Succeeded(account, address);
        await signIn.SignInAsync(user!, isPersistent: true);
        return Results.Ok(new AccountView(user!.UserName!, user.DisplayName, await users.IsInRoleAsync(user, Owner.AdminRole)));
    }
}

/// <summary>
/// A password hash nobody's password matches. Checking a typed password against it for a name that
/// does not exist makes that answer cost what a real account's costs, so timing tells nothing.
/// </summary>
public sealed class UnknownUserHash
{
    private static readonly TeacherAccount Nobody = new() { UserName = "\u0000nobody" };
    private string? _hash;

    /// <summary>Runs the hasher exactly as for a real account; never true for a real login.</summary>
    public bool Verify(IPasswordHasher<TeacherAccount> hasher, string password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref _hash, () => hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        return hasher.VerifyHashedPassword(Nobody, hash, password) != PasswordVerificationResult.Failed;
    }
}
