using System.CommandLine;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RelicSecurity.ServiceDefaults.Grpc;

namespace RelicSecurity.Cli.Gateway;

/// <summary>
/// One command's connection to the gateway: the channel, the caller's token on every call, the deadline
/// and where to print. Commands get it from <see cref="GatewayCommand"/> and never build channels themselves.
/// </summary>
public sealed class GatewaySession : IDisposable
{
    // Deadlines only: relicctl keeps no time of its own, so the system clock is the one provider.
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly GrpcChannel _channel;
    private readonly TimeSpan _timeout;

    private GatewaySession(ParseResult parse)
    {
        Address = ToUrl(parse.GetValue<string>(GatewayOptions.GatewayName) ?? GatewayOptions.DefaultGateway);
        Format = parse.GetValue<OutputFormat>(GatewayOptions.OutputName);
        _timeout = TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue<double>(GatewayOptions.TimeoutName)));
        Out = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { ServiceConfig = RateLimitedRetry.ServiceConfig() });
        var token = parse.GetValue<string>(GatewayOptions.TokenName) ?? "";
        Invoker = token.Length == 0
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return metadata;
            });
    }

    public string Address { get; }

    public OutputFormat Format { get; }

    public CallInvoker Invoker { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public TimeSpan Timeout => _timeout;

    /// <summary>The deadline of a call starting now.</summary>
    public DateTime Deadline() => Clock.GetUtcNow().UtcDateTime.Add(_timeout);

    /// <summary>The deadline of a long call (import, watch) that the caller bounds explicitly.</summary>
    public static DateTime DeadlineAfter(TimeSpan duration) => Clock.GetUtcNow().UtcDateTime.Add(duration);

    public static GatewaySession Open(ParseResult parse) => new(parse);

    private static string ToUrl(string gateway) =>
        gateway.Contains("://", StringComparison.Ordinal) ? gateway : $"http://{gateway}";

    public void Dispose() => _channel.Dispose();
}
