namespace RelicSecurity.LocalInfrastructure;

/// <summary>A server did not become ready; the message carries the end of its log.</summary>
public sealed class ServerStartException(string message, Exception? inner = null) : Exception(message, inner);
