using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// Hands the projection's change notifications (Redis pub/sub, published in the same MULTI as each change, by
/// whichever gateway instance applied it) to this instance's WatchNationalStatus streams: one subscription per
/// process, one queue of changed provinces per watcher. A notification lost while Redis is unreachable loses only
/// the live push; the counters themselves are in Redis and the next change or read shows them.
/// </summary>
public sealed class StatusChangeHub(StatusRedis redis, StatusKeys keys, IHostApplicationLifetime lifetime) : IHostedService
{
    private readonly ConcurrentDictionary<Channel<string>, byte> _watchers = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = (await redis.GetAsync()).GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(keys.Changes), (_, message) => Deliver(message));
        // Watch streams never end by themselves: end them when shutdown begins, or the server waits its whole timeout.
        lifetime.ApplicationStopping.Register(CloseAll);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        CloseAll();
        return Task.CompletedTask;
    }

    public int WatcherCount => _watchers.Count;

    /// <summary>A queue of changed province codes until <see cref="Unwatch"/>.</summary>
    public ChannelReader<string> Watch()
    {
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        _watchers.TryAdd(channel, 0);
        return channel.Reader;
    }

    public void Unwatch(ChannelReader<string> reader)
    {
        foreach (var channel in _watchers.Keys.Where(c => c.Reader == reader))
        {
            _watchers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        }
    }

    private void Deliver(RedisValue message)
    {
        var provinces = ((string?)message ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var channel in _watchers.Keys)
        {
            foreach (var province in provinces)
            {
                channel.Writer.TryWrite(province);
            }
        }
    }

    private void CloseAll()
    {
        foreach (var channel in _watchers.Keys)
        {
            channel.Writer.TryComplete();
        }
    }
}
