namespace Classroom.Server.Hosting;

/// <summary>How the process runs: from a published folder and as a systemd service, not only by <c>dotnet run</c>.</summary>
public static class ServiceHosting
{
    /// <summary>
    /// A published build (client/ beside Classroom.Server.dll) finds its appsettings.json and web
    /// client whatever the working directory is, as systemd or a script starts it. <c>dotnet run</c>
    /// and the tests start in the project folder, which has client/ itself, and keep it.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var published = AppContext.BaseDirectory;
        var useInstallFolder = Directory.Exists(Path.Combine(published, "client"))
            && !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "client"));
        return new WebApplicationOptions { Args = args, ContentRootPath = useInstallFolder ? published : null };
    }

    /// <summary>
    /// Under systemd (deploy/classroom.service, Type=notify): tells systemd when the server listens and
    /// when it stops, and logs with journald priorities. Does nothing when started otherwise.
    /// </summary>
    public static WebApplicationBuilder AddServiceHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSystemd();
        return builder;
    }
}
