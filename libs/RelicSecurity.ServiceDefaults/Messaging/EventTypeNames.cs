using System.Collections.Concurrent;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>How an event's CLR type is written into the outbox and found again by the relay.</summary>
public static class EventTypeNames
{
    static readonly ConcurrentDictionary<string, Type?> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrEmpty(type.Namespace))
        {
            // MassTransit cannot route a message type without a namespace.
            throw new ArgumentException($"Event type {type.Name} must be declared in a namespace.", nameof(type));
        }

        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    public static Type? Resolve(string name) =>
        Resolved.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false));
}
