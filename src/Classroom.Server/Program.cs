using Classroom.Server.Hosting;

var builder = WebApplication.CreateBuilder(ServiceHosting.Options(args));
builder.AddClassroom();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapClassroom();
await app.RunAsync();

/// <summary>Entry point; public for the test host.</summary>
public partial class Program;
