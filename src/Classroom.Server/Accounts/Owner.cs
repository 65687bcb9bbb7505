using System.Security.Claims;
using Classroom.Core.Errors;

namespace Classroom.Server.Accounts;

internal static class Owner
{
    public const string AdminRole = "admin";

    /// <summary>The logged-in account's id; endpoints that call this already require authentication.</summary>
    public static string IdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new ClassroomException(ErrorCodes.Forbidden, "Log in first.");
}
