using System.Threading.Channels;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Risk;

/// <summary>One WatchSiteRisk subscriber on this instance: its province filter and its queue of updates.</summary>
public sealed class RiskWatch : IDisposable
{
    /// <summary>A subscriber this far behind is cut off (it gets RESOURCE_EXHAUSTED and resubscribes) rather than silently losing updates.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<SiteRiskUpdate> _queue = Channel.CreateBounded<SiteRiskUpdate>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Action<RiskWatch> _onDispose;

    internal RiskWatch(string provinceCode, Action<RiskWatch> onDispose)
    {
        ProvinceCode = provinceCode;
        _onDispose = onDispose;
    }

    /// <summary>Empty: every province.</summary>
    public string ProvinceCode { get; }

    public ChannelReader<SiteRiskUpdate> Updates => _queue.Reader;

    public bool Overflowed { get; private set; }

    internal void Offer(SiteRiskUpdate update)
    {
        if (ProvinceCode.Length > 0 && ProvinceCode != update.ProvinceCode)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(update) && !Overflowed)
        {
            Overflowed = true;
            _queue.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _onDispose(this);
    }
}
