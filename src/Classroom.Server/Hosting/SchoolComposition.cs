using Classroom.Server.Classes;
using Classroom.Server.Moderation;
using Classroom.Server.Reports;

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
        services.AddOptions<SchoolTimeOptions>().BindConfiguration(ClassroomOptions.Section)
            .Validate(SchoolTimeOptions.IsValid, "Classroom:TimeZone must be an IANA time zone id such as Europe/Moscow (see /usr/share/zoneinfo).")
            .ValidateOnStart();
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
