using System.Threading.RateLimiting;
using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Media.Rooms;
using Classroom.Server.Accounts;
using Classroom.Server.Cabinets;
using Classroom.Server.Classes;
using Classroom.Server.Hosting.Https;
using Classroom.Server.Hubs;
using Classroom.Server.Lessons;
using Classroom.Server.Live;
using Classroom.Server.Moderation;
using Classroom.Server.Media;
using Classroom.Server.Observability;
using Classroom.Server.Reception;
using Classroom.Server.Reports;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Classroom.Server.Hosting;

/// <summary>The one composition root: every service and endpoint of the server is wired here.</summary>
public static class Composition
{
    public const string HubPath = "/hubs/classroom";

    public static WebApplicationBuilder AddClassroom(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ClassroomOptions>().BindConfiguration(ClassroomOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatOptions>().BindConfiguration($"{ClassroomOptions.Section}:Chat").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddBoundedLogs();

        services.AddDbContextFactory<ClassroomDb>((sp, o) =>
            o.UseSqlite(sp.GetRequiredService<IOptions<ClassroomOptions>>().Value.SqliteConnectionString)
                .AddInterceptors(new SqliteBusyTimeout()));

        // Keys for the login cookie live beside the database, so a restart (or a new container over
        // the same volume) keeps teachers logged in.
        var dataDirectory = builder.Configuration[$"{ClassroomOptions.Section}:{nameof(ClassroomOptions.DataDirectory)}"] ?? new ClassroomOptions().DataDirectory;
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys"))).SetApplicationName("Classroom");
        AddAccounts(services);
        AddLive(builder);
        builder.AddSchool();
        builder.AddClassroomHttps();
        builder.AddServiceHosting();

        services.AddProblemCodes();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddHealthChecks().AddDbContextCheck<ClassroomDb>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccountEndpoints.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<ClassroomOptions>>().Value.LoginAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        services.AddSingleton<ClassroomMetrics>();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ClassroomMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return builder;
    }

    private static void AddAccounts(IServiceCollection services)
    {
        services.AddIdentityCore<TeacherAccount>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // Identity's lockout lets anyone lock anyone out; Login throttles per account and address instead.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ClassroomDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddLoginThrottle();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "classroom.auth";
            o.Cookie.HttpOnly = true;
            // Strict same-site cookies: no other site can make the teacher's browser act on our API.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // A password reset by the admin logs the teacher out everywhere within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
    }

    private static void AddLive(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<LessonRooms>();
        services.AddSingleton<LessonPublisher>();
        services.AddSingleton<ChatHistory>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<Entry>();
        services.AddSingleton<Presence>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<LessonControl>();
        services.AddSingleton<LessonReader>();
        services.AddSingleton<ModerationLog>();
        services.AddSingleton<ModerationService>();
        services.AddClassroomMedia();
        services.AddClassroomReception();
        services.AddSingleton<EntryGate>();
        services.AddHostedService(sp => sp.GetRequiredService<EntryGate>());
        services.AddSingleton<HubErrorFilter>();

        var maxMessage = builder.Configuration.GetValue<int?>($"{ClassroomOptions.Section}:{nameof(ClassroomOptions.MaxHubMessageBytes)}") ?? new ClassroomOptions().MaxHubMessageBytes;
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = maxMessage;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubErrorFilter>();
            })
            .AddJsonProtocol()
            .AddMessagePackProtocol(o => o.SerializerOptions = WireFormat.MessagePack);
    }

    public static WebApplication MapClassroom(this WebApplication app)
    {
        // Who is on HTTPS (and, behind a proxy, from which address) before anything else looks.
        app.UseClassroomHttps();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseClientAssets();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHub<ClassroomHub>(HubPath, o => o.AllowStatefulReconnects = true);
        app.MapAccounts();
        app.MapCabinets();
        app.MapClasses();
        app.MapLessons();
        app.MapReports();
        app.MapSchool();
        app.MapClassroomTls();

        var metrics = app.Services.GetRequiredService<ClassroomMetrics>();
        var rooms = app.Services.GetRequiredService<LessonRooms>();
        metrics.ObserveLive(() => rooms.LessonsInProgress, () => rooms.CabinetsLive);
        var relay = app.Services.GetRequiredService<Relay>();
        metrics.ObserveMedia(relay.Counters);
        return app;
    }
}
