using System.Reflection;

namespace Classroom.WireTypes;

/// <summary>
/// C# wire types as TypeScript: what the hub's JSON and MessagePack protocols put on the wire (see
/// WireFormat: enums as numbers, Guids as strings). A type it does not know is an error, so a new
/// kind of field makes the generator fail loudly instead of writing something wrong.
/// </summary>
public sealed class TypeScriptTypes(IReadOnlyCollection<Type> records, IReadOnlyCollection<Type> enums)
{
    public string Of(Type type, NullabilityInfo nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Of(inner, nullability) + " | null";
        var text = NonNull(type, nullability);
        return !type.IsValueType && nullability.ReadState == NullabilityState.Nullable ? text + " | null" : text;
    }

    private string NonNull(Type type, NullabilityInfo nullability)
    {
        if (type == typeof(string) || type == typeof(Guid)) return "string";
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(short) || type == typeof(byte)) return "number";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return "WireDate";
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask)) return "void";
        if (type.IsEnum)
            return enums.Contains(type) ? type.Name : throw new NotSupportedException($"{type.FullName}: an enum on the wire must be listed for the generator");
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var argument = nullability.GenericTypeArguments.Length > 0 ? nullability.GenericTypeArguments[0] : null;
            if (definition == typeof(Task<>) || definition == typeof(ValueTask<>))
                return Of(type.GetGenericArguments()[0], argument!);
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
                return ArrayOf(Of(type.GetGenericArguments()[0], argument!));
        }
        if (type.IsArray) return ArrayOf(Of(type.GetElementType()!, nullability.ElementType!));
        if (records.Contains(type)) return type.Name;
        throw new NotSupportedException($"{type.FullName}: no TypeScript mapping (add one to TypeScriptTypes, or make it a [MessagePackObject] record of Classroom.Contracts)");
    }

    private static string ArrayOf(string element) => element.Contains('|', StringComparison.Ordinal) ? $"({element})[]" : $"{element}[]";
}
