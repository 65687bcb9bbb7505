using System.Data.Common;
using Classroom.Contracts;
using Classroom.Server.Hosting;
using Classroom.Server.Hubs;
using Classroom.Server.Storage;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Classroom.Server.Tests.Hosting;

/// <summary>
/// What refused and failed hub calls write to the log: a refusal one Information line (within the
/// budget, then a summary), an unexpected failure one Error line with its stack trace, and never
/// SignalR's own <c>fail</c> repeat of either.
/// </summary>
public sealed class RefusalLogTests : HostedTest
{
    private readonly CapturedLogs _logs = new();
    private readonly ChatReadBreaker _breaker = new();

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(l => l.AddProvider(_logs.Provider()));
        // A real failure in the storage under one hub method: reading chat history throws when told to.
        builder.ConfigureTestServices(s => s.ConfigureDbContext<ClassroomDb>(o => o.AddInterceptors(_breaker)));
    }

    /// <summary>Makes the next chat history reads fail like a broken disk would.</summary>
    private sealed class ChatReadBreaker : DbCommandInterceptor
    {
        public volatile bool Broken;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Broken && command.CommandText.Contains("ChatMessages", StringComparison.Ordinal))
                throw new InvalidOperationException("Simulated storage failure");
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private List<CapturedLogs.Entry> Dispatcher => _logs.Entries.Where(e => e.Category == BoundedLogging.DispatcherCategory).ToList();

    private List<CapturedLogs.Entry> FromFilter(int eventId) =>
        _logs.Entries.Where(e => e.Category == typeof(HubErrorFilter).FullName && e.EventId == eventId).ToList();

    [Fact]
    public async Task A_refusal_is_one_information_line_and_an_unexpected_failure_one_error_with_its_stack()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var student = await Host.NewSession().ConnectAsync();
        await student.JoinAsync(school.CodeOf(0));

        Assert.Equal("chat.empty", await HubClient.ErrorCodeOf(() => student.SendChatAsync(" ")));
        var refused = Assert.Single(FromFilter(10));
        Assert.Equal(LogLevel.Information, refused.Level);
        Assert.Null(refused.Exception);
        Assert.Contains("chat.empty", refused.Message, StringComparison.Ordinal);

        _breaker.Broken = true;
        Assert.Equal("internal_error", await HubClient.ErrorCodeOf(() => student.ChatSinceAsync(0)));
        var failed = Assert.Single(FromFilter(11));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains("GetChatSince", failed.Message, StringComparison.Ordinal);

        // SignalR's dispatcher repeated neither.
        Assert.DoesNotContain(Dispatcher, e => e.Level >= LogLevel.Warning);
        // (EF Core reports the failed command itself, under its own category; nothing else logs an error.)
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error && e != failed && !e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.False(student.IsClosed);
    }

    [Fact]
    public async Task Refusals_from_many_connections_write_a_bounded_number_of_lines_and_then_one_summary()
    {
        const int students = 8;
        const int callsEach = 25;
        var school = await School.CreateAsync(Host, students, Host.Time.GetUtcNow());
        var clients = new List<HubClient>();
        try
        {
            for (var i = 0; i < students; i++)
            {
                var client = await Host.NewSession().ConnectAsync(i % 2 == 0 ? Wire.Json : Wire.MessagePack);
                clients.Add(client);
                await client.JoinAsync(school.CodeOf(i));
            }
            // Under the flood limit (40 calls per 5 s), every call refused by a rule.
            await Task.WhenAll(clients.Select(async c =>
            {
                for (var n = 0; n < callsEach; n++) await HubClient.ErrorCodeOf(() => c.SendChatAsync(""));
            }));
            // Refused before the hub method even binds its arguments: logged by nobody above Debug.
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => clients[0].Connection.InvokeAsync<long>(HubMethods.SendChat, 42));

            var options = new LogBudgetOptions();
            var refusalLines = FromFilter(10);
            Assert.InRange(refusalLines.Count, options.LinesPerConnection, options.RefusalLines);
            Assert.DoesNotContain(Dispatcher, e => e.Level >= LogLevel.Warning);
            Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null || e.Level >= LogLevel.Error);

            // One line for what was left out, once per window.
            Assert.DoesNotContain(_logs.Entries, e => e.EventId == Log.RefusalLinesSuppressedId);
            Host.Time.Advance(options.Window);
            var summary = Assert.Single(_logs.Entries, e => e.EventId == Log.RefusalLinesSuppressedId);
            Assert.Contains($"{students * callsEach - refusalLines.Count} refusal log lines", summary.Message, StringComparison.Ordinal);
            Host.Time.Advance(options.Window);
            Assert.Single(_logs.Entries, e => e.EventId == Log.RefusalLinesSuppressedId);

            // A new window has room again.
            Assert.Equal("chat.empty", await HubClient.ErrorCodeOf(() => clients[1].SendChatAsync("")));
            Assert.Equal(refusalLines.Count + 1, FromFilter(10).Count);
            Assert.All(clients, c => Assert.False(c.IsClosed));
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }
}
