using Classroom.Server.Hosting;

// `dotnet Classroom.Server.dll reset-admin ...` recovers the admin password without starting the server.
if (ResetAdminCommand.IsRequested(args)) return await ResetAdminCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(ServiceHosting.Options(args));
builder.AddClassroom();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapClassroom();
await app.RunAsync();
return 0;

/// <summary>Entry point; public for the test host.</summary>
public partial class Program;
