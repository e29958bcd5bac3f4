using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>Who the page is showing data for: its sign-in line and whether it shows one province or all.</summary>
internal sealed record DashboardCaller(string Subject, string Role, string? Province);

/// <summary>What a local sign-in asks for.</summary>
internal sealed record LocalSignInRequest(string? Role, string? Province);

/// <summary>Whether the page may offer the local sign-in.</summary>
internal sealed record LocalSignInOffer(bool Local);

/// <summary>A token issued by the local sign-in.</summary>
internal sealed record LocalSignInResponse(string Token, DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardCaller))]
[JsonSerializable(typeof(LocalSignInOffer))]
[JsonSerializable(typeof(LocalSignInRequest))]
[JsonSerializable(typeof(LocalSignInResponse))]
internal sealed partial class DashboardJson : JsonSerializerContext;
