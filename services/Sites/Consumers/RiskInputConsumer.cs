using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>
/// A consumer that records another service's report about sites as per-record risk inputs and queues those sites for
/// the <see cref="RiskRecalculator"/>, all in the inbox transaction; after the commit it wakes the recalculator.
/// </summary>
public abstract class RiskInputConsumer<TMessage>(RiskRecalculator recalculator) : IdempotentConsumer<TMessage>
    where TMessage : class
{
    protected sealed override void OnEffectCommitted(TMessage message) => recalculator.Wake();

    /// <summary>The sites named by an event, parsed; ids that are not site ids cannot be registered here and are skipped.</summary>
    protected static IEnumerable<Guid> SiteIdsOf(IEnumerable<string> siteIds)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        return siteIds.Select(id => Guid.TryParse(id, out var siteId) ? siteId : Guid.Empty).Where(id => id != Guid.Empty).Distinct();
    }

    protected static Guid? SiteIdOf(string siteId) => Guid.TryParse(siteId, out var id) ? id : null;

    protected static Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId, string reason,
        CancellationToken cancellationToken) =>
        Persistence.RiskInputStore.QueueRecalculationAsync(connection, transaction, siteId, reason, cancellationToken);
}
