using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A bulk-import batch of sites: its counts are added once per batch.</summary>
public sealed class SitesImportedConsumer(StatusStore store) : ProjectionConsumer<SitesImported>(store)
{
    protected override Task ProjectAsync(SitesImported message, StatusStore store) =>
        store.ApplyAsync(ImportBatchRecord.Kind, message.BatchId, new ImportBatchRecord([.. message.Counts], message.ImportedAt), ImportBatchRecord.Merge);
}
