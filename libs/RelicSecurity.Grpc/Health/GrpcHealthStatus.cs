using System.Threading.Channels;
using RelicSecurity.Grpc.Health.V1;
using ServingStatus = RelicSecurity.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Grpc;

/// <summary>
/// The serving status that <c>grpc.health.v1.Health</c> reports, per service name ("" = the whole server).
/// Mapped services start SERVING; the application's stopping signal turns every status NOT_SERVING for
/// good; ASP.NET health checks can drive statuses through <see cref="GrpcHealthCheckPublisher"/>.
/// </summary>
public sealed class GrpcHealthStatus
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);
    private bool _shuttingDown;

    /// <summary>True once the application is stopping: nothing can become SERVING again.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Sets the status of a service ("" for the server as a whole) and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            if (_shuttingDown && status == ServingStatus.Serving)
            {
                return;
            }

            SetLocked(service, status);
        }
    }

    /// <summary>The status of a service, or null when the server does not know it.</summary>
    public ServingStatus? GetStatus(string service)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    /// <summary>Known service names and their statuses.</summary>
    public IReadOnlyDictionary<string, ServingStatus> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, ServingStatus>(_statuses, StringComparer.Ordinal);
        }
    }

    /// <summary>Turns every status NOT_SERVING permanently (called when the application starts stopping).</summary>
    public void EnterShutdown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var service in _statuses.Keys.ToList())
            {
                SetLocked(service, ServingStatus.NotServing);
            }

            // Watch streams end after telling NOT_SERVING, so they do not hold the shutdown up.
            foreach (var list in _watchers.Values)
            {
                foreach (var watcher in list)
                {
                    watcher.Writer.TryComplete();
                }
            }
        }
    }

    internal void Register(string service)
    {
        lock (_lock)
        {
            if (!_statuses.ContainsKey(service))
            {
                SetLocked(service, _shuttingDown ? ServingStatus.NotServing : ServingStatus.Serving);
            }
        }
    }

    /// <summary>Status changes of one service, starting with the current status; dispose to stop watching.</summary>
    internal Watcher Watch(string service)
    {
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var status) ? status : ServingStatus.ServiceUnknown);
            if (_shuttingDown)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                if (!_watchers.TryGetValue(service, out var list))
                {
                    _watchers[service] = list = [];
                }

                list.Add(channel);
            }
        }

        return new Watcher(this, service, channel);
    }

    private void Unwatch(string service, Channel<ServingStatus> channel)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(service, out var list) && list.Remove(channel) && list.Count == 0)
            {
                _watchers.Remove(service);
            }
        }
    }

    internal sealed class Watcher(GrpcHealthStatus owner, string service, Channel<ServingStatus> channel) : IDisposable
    {
        public ChannelReader<ServingStatus> Reader => channel.Reader;

        public void Dispose() => owner.Unwatch(service, channel);
    }

    private void SetLocked(string service, ServingStatus status)
    {
        if (_statuses.TryGetValue(service, out var old) && old == status)
        {
            return;
        }

        _statuses[service] = status;
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var watcher in list)
            {
                watcher.Writer.TryWrite(status);
            }
        }
    }
}
