using System.Threading.RateLimiting;
using Classroom.Server.Classes;
using Classroom.Server.Moderation;
using Classroom.Server.Reports;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>
/// What a school does around lessons (cabinet-wide bans, guest limits, quick start and class links,
/// roster merge, attendance reports): its services and endpoints, wired from <see cref="Composition"/>
/// with one line each.
/// </summary>
public static class SchoolComposition
{
    public static WebApplicationBuilder AddSchool(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CabinetBans>();
        // The class link page is public: lookups are limited per address like logins are.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(ClassLinks.LookupRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptions<ClassroomOptions>>().Value.ClassLinkLookupsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            })));
        services.AddSingleton<SchoolTime>();
        services.AddSingleton<LessonAttendance>();
        return builder;
    }

    public static WebApplication MapSchool(this WebApplication app)
    {
        app.MapClassLinks();
        app.MapTermReports();
        return app;
    }
}
