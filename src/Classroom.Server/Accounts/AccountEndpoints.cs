using Classroom.Core.Accounts;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Accounts;

public sealed record LoginRequest(string UserName, string Password);
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
public sealed record AccountView(string UserName, string DisplayName, bool IsAdmin);
public sealed record TeacherView(string Id, string UserName, string DisplayName, bool IsAdmin, bool LockedOut);
public sealed record CreateTeacherRequest(string UserName, string DisplayName, string Password);
public sealed record ResetPasswordRequest(string NewPassword);

/// <summary>Login, logout, own password; the admin's teacher accounts. No self-registration.</summary>
public static class AccountEndpoints
{
    public const string LoginRateLimit = "login";

    public const string UserExistsCode = "auth.user_exists";
    public const string InvalidUserNameCode = "auth.invalid_user_name";
    public const string PasswordRejectedCode = "auth.password_rejected";
    public const string WrongPasswordCode = "auth.wrong_password";

    /// <summary>A login body is a name and a password; anything bigger is refused before it is read.</summary>
    public const int LoginBodyLimit = 4096;

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth");
        auth.MapPost("/login", Login.LoginAsync).RequireRateLimiting(LoginRateLimit)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LoginBodyLimit));
        auth.MapPost("/logout", async (SignInManager<TeacherAccount> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization();
        auth.MapGet("/me", MeAsync).RequireAuthorization();
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization();

        var admin = app.MapGroup("/api/admin/teachers").RequireAuthorization(p => p.RequireRole(Owner.AdminRole));
        admin.MapGet("/", ListTeachersAsync);
        admin.MapPost("/", CreateTeacherAsync);
        admin.MapPost("/{id}/password", ResetPasswordAsync);
        admin.MapPost("/{id}/unlock", UnlockAsync);
    }

    private static async Task<IResult> MeAsync(HttpContext http, UserManager<TeacherAccount> users)
    {
        var account = await users.GetUserAsync(http.User);
        if (account is null) return Results.Unauthorized();
        return Results.Ok(new AccountView(account.UserName!, account.DisplayName, await users.IsInRoleAsync(account, Owner.AdminRole)));
    }

    private static async Task<IResult> ChangePasswordAsync(ChangePasswordRequest request, HttpContext http, UserManager<TeacherAccount> users, SignInManager<TeacherAccount> signIn)
    {
        var account = await users.GetUserAsync(http.User) ?? throw new ClassroomException(ErrorCodes.Forbidden, "Log in first.");
        var result = await users.ChangePasswordAsync(account, request.CurrentPassword ?? string.Empty, request.NewPassword ?? string.Empty);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            return ProblemMapping.Problem(StatusCodes.Status400BadRequest, WrongPasswordCode, "The current password is wrong.");
        if (!result.Succeeded) return PasswordRejected(result);
        // The security stamp changed: sign in again so this browser stays logged in while others are logged out.
        await signIn.RefreshSignInAsync(account);
        return Results.NoContent();
    }

    private static async Task<IResult> ListTeachersAsync(UserManager<TeacherAccount> users, LoginThrottle throttle)
    {
        var admins = (await users.GetUsersInRoleAsync(Owner.AdminRole)).Select(a => a.Id).ToHashSet();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        return Results.Ok(all.Select(u => View(u, admins.Contains(u.Id), throttle)));
    }

    private static async Task<IResult> CreateTeacherAsync(CreateTeacherRequest request, UserManager<TeacherAccount> users, LoginThrottle throttle)
    {
        var userName = (request?.UserName ?? string.Empty).Trim();
        if (userName.Length is 0 or > LoginThrottle.MaxAccountKeyLength)
            return ProblemMapping.Problem(StatusCodes.Status400BadRequest, InvalidUserNameCode, "A user name of 1 to 64 characters is required.");
        var account = new TeacherAccount { UserName = userName, DisplayName = DisplayName.Clean(request!.DisplayName) };
        var result = await users.CreateAsync(account, request.Password ?? string.Empty);
        if (!result.Succeeded)
        {
            var description = string.Join(" ", result.Errors.Select(e => e.Description));
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
                return ProblemMapping.Problem(StatusCodes.Status409Conflict, UserExistsCode, description);
            // Identity's user names: Latin letters, digits and -._@+ (the form states it).
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidUserName)))
                return ProblemMapping.Problem(StatusCodes.Status400BadRequest, InvalidUserNameCode, description);
            return PasswordRejected(result);
        }
        return Results.Created($"/api/admin/teachers/{account.Id}", View(account, false, throttle));
    }

    private static async Task<IResult> ResetPasswordAsync(string id, ResetPasswordRequest request, UserManager<TeacherAccount> users, LoginThrottle throttle)
    {
        var account = await users.FindByIdAsync(id) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such account.");
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var result = await users.ResetPasswordAsync(account, token, request?.NewPassword ?? string.Empty);
        if (!result.Succeeded) return PasswordRejected(result);
        throttle.Unlock(LoginThrottle.AccountKey(account.UserName));
        return Results.NoContent();
    }

    /// <summary>The admin lifts every wait on an account's logins (a teacher who cannot get in because of someone's guessing).</summary>
    private static async Task<IResult> UnlockAsync(string id, HttpContext http, UserManager<TeacherAccount> users, LoginThrottle throttle, ILoggerFactory logs)
    {
        var account = await users.FindByIdAsync(id) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such account.");
        throttle.Unlock(LoginThrottle.AccountKey(account.UserName));
        Log.LoginUnlocked(logs.CreateLogger(typeof(AccountEndpoints)), Owner.IdOf(http.User), account.Id);
        return Results.NoContent();
    }

    private static IResult PasswordRejected(IdentityResult result) =>
        ProblemMapping.Problem(StatusCodes.Status400BadRequest, PasswordRejectedCode, string.Join(" ", result.Errors.Select(e => e.Description)));

    /// <summary><c>lockedOut</c>: someone's logins to this account must wait now (see <see cref="LoginThrottle"/>).</summary>
    private static TeacherView View(TeacherAccount u, bool admin, LoginThrottle throttle) =>
        new(u.Id, u.UserName!, u.DisplayName, admin, throttle.IsThrottled(LoginThrottle.AccountKey(u.UserName)));
}
