using System.Text.Json;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>The JSON shape of event bodies stored in the outbox.</summary>
internal static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
