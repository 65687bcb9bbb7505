using System.Reflection;
using Classroom.Contracts;
using Classroom.Server.Hubs;
using Classroom.WireTypes;

namespace Classroom.Server.Tests.Contracts;

/// <summary>The client's TypeScript wire types are generated from the contract and must be regenerated when it changes.</summary>
public sealed class WireTypesTests
{
    [Fact]
    public void The_committed_typescript_wire_types_are_what_the_generator_writes_from_the_contract_now()
    {
        var path = WireTypesFile.DefaultPath(AppContext.BaseDirectory);
        Assert.True(File.Exists(path), $"{WireTypesFile.RelativePath} is missing: run `dotnet run --project tools/Classroom.WireTypes` and commit it.");
        var committed = File.ReadAllText(path).Split('\n');
        var now = TypeScriptContracts.Generate().Split('\n');
        var first = Enumerable.Range(0, Math.Max(committed.Length, now.Length))
            .FirstOrDefault(i => i >= committed.Length || i >= now.Length || committed[i] != now[i], -1);
        Assert.True(first < 0,
            $"{WireTypesFile.RelativePath} differs from Classroom.Contracts at line {first + 1}:\n" +
            $"  committed: {(first >= 0 && first < committed.Length ? committed[first] : "(end of file)")}\n" +
            $"  expected:  {(first >= 0 && first < now.Length ? now[first] : "(end of file)")}\n" +
            "Regenerate it with `dotnet run --project tools/Classroom.WireTypes` (from the repository root) and commit it.");
    }

    [Fact]
    public void The_generator_writes_keys_optional_fields_nullability_events_and_hub_calls_as_the_wire_has_them()
    {
        var ts = TypeScriptContracts.Generate();
        // A constructor parameter with a default may be left out; a nullable one may be null.
        Assert.Contains("export interface ParticipantView {\n  id: string;\n  name: string;\n  role: number;\n  micOn?: boolean;", ts, StringComparison.Ordinal);
        Assert.Contains("  handRaisedAt?: WireDate | null;\n", ts, StringComparison.Ordinal);
        Assert.Contains("  cameraOn?: boolean;\n}", ts, StringComparison.Ordinal);
        Assert.Contains("  targetId: string | null;\n  text: string;\n  sentAt: WireDate;\n", ts, StringComparison.Ordinal);
        Assert.Contains("  deletedSeqs?: number[] | null;\n", ts, StringComparison.Ordinal);
        Assert.Contains("  status: JoinStatus;\n", ts, StringComparison.Ordinal);
        Assert.Contains("  Lobby: 2,\n", ts, StringComparison.Ordinal);
        Assert.Contains("  PublishVideo: 32,\n", ts, StringComparison.Ordinal);
        Assert.Contains("  Replaced: [];\n", ts, StringComparison.Ordinal);
        Assert.Contains("  SetCamera: { args: [on: boolean]; result: void };\n", ts, StringComparison.Ordinal);
        Assert.Contains("  Join: { args: [request: JoinRequest]; result: JoinResult };\n", ts, StringComparison.Ordinal);
        Assert.DoesNotContain("OnConnectedAsync", ts, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_type_the_generator_does_not_know_fails_the_generation_instead_of_writing_a_guess()
    {
        var types = new TypeScriptTypes([], []);
        var property = typeof(Unmapped).GetProperty(nameof(Unmapped.Counts))!;
        var error = Assert.Throws<NotSupportedException>(() => types.Of(property.PropertyType, new NullabilityInfoContext().Create(property)));
        Assert.Contains("Dictionary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_hub_method_has_its_name_in_HubMethods_and_every_name_is_a_hub_method()
    {
        var methods = TypeScriptContracts.HubMethodsOf(typeof(ClassroomHub)).Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
        var names = typeof(HubMethods).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(methods, names);
    }

    private sealed record Unmapped(Dictionary<string, int> Counts);
}
