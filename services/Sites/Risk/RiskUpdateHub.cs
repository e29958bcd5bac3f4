using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Contracts.Sites.V1;
using StackExchange.Redis;

namespace RelicSecurity.Sites.Risk;

/// <summary>
/// Carries risk changes between Sites instances over Redis pub/sub: whichever instance commits a
/// change publishes it, and every instance (itself included) hands it to its local WatchSiteRisk
/// subscribers. One Redis subscription per process, fanned out in memory by province.
/// The durable record of each change is the SiteRiskChanged event in the outbox; this is the live feed.
/// </summary>
public sealed partial class RiskUpdateHub(RiskRedis redis, IHostApplicationLifetime lifetime, ILogger<RiskUpdateHub> logger) : IHostedService
{
    public const string ChannelName = "relic:sites:risk-updates";

    private readonly ConcurrentDictionary<RiskWatch, byte> _watches = new();

    public int WatcherCount => _watches.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = (await redis.GetAsync()).GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(ChannelName), (_, message) => Deliver(message));

        // Watch streams never end by themselves: close them as soon as shutdown begins, or the
        // server would wait its whole shutdown timeout for them. Clients get UNAVAILABLE and reconnect.
        lifetime.ApplicationStopping.Register(CloseAll);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        CloseAll();
        return Task.CompletedTask;
    }

    private void CloseAll()
    {
        foreach (var watch in _watches.Keys)
        {
            watch.Dispose();
        }
    }

    public RiskWatch Watch(string provinceCode)
    {
        var watch = new RiskWatch(provinceCode, w => _watches.TryRemove(w, out _));
        _watches.TryAdd(watch, 0);
        return watch;
    }

    /// <summary>Publishes after the change committed. A Redis outage loses only the live notification, never the change or its event.</summary>
    public async Task PublishAsync(SiteRiskUpdate update)
    {
        try
        {
            var subscriber = (await redis.GetAsync()).GetSubscriber();
            await subscriber.PublishAsync(RedisChannel.Literal(ChannelName), update.ToByteArray());
        }
        catch (RedisException ex)
        {
            LogPublishFailed(logger, update.SiteId, ex);
        }
        catch (TimeoutException ex)
        {
            LogPublishFailed(logger, update.SiteId, ex);
        }
    }

    private void Deliver(RedisValue message)
    {
        SiteRiskUpdate update;
        try
        {
            update = SiteRiskUpdate.Parser.ParseFrom((byte[])message!);
        }
        catch (InvalidProtocolBufferException ex)
        {
            LogBadMessage(logger, ex);
            return;
        }

        foreach (var watch in _watches.Keys)
        {
            watch.Offer(update);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the risk change of site {SiteId} to live watchers")]
    private static partial void LogPublishFailed(ILogger logger, string siteId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an unreadable message on the risk update channel")]
    private static partial void LogBadMessage(ILogger logger, Exception exception);
}
