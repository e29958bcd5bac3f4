using System.Threading.Channels;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Validation;

namespace RelicSecurity.Sites.Import;

/// <summary>
/// ImportSites: validates each streamed row, reports bad rows by their 0-based index, and stores the
/// good ones in batches. Receiving/validating and storing overlap (a two-batch channel between them)
/// so the database works while the next batch arrives.
/// </summary>
public sealed class SiteImporter(SitesDatabase database)
{
    public const int BatchSize = 5_000;

    /// <summary>Reasons listed in the summary are capped so a wholly bad file cannot exceed the message size; `rejected` stays exact.</summary>
    public const int MaxReportedErrors = 10_000;

    /// <summary>
    /// Loads the streamed rows for <paramref name="caller"/>: a row of a province outside the caller's reach
    /// is rejected like any other bad row (reported by index, the rest still load).
    /// </summary>
    public async Task<ImportSitesSummary> ImportAsync(IAsyncEnumerable<ImportSitesRequest> requests, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(caller);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<List<ImportRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var storing = StoreAsync(batches.Reader, caller.Subject, stop);

        var summary = new ImportSitesSummary();
        var batch = new List<ImportRow>(BatchSize);
        var index = 0;
        try
        {
            await foreach (var request in requests.WithCancellation(stop.Token))
            {
                var errors = new FieldErrors();
                SiteValidator.CheckSite(request.Site, errors);
                SiteValidator.CheckRequestId(request.RequestId, errors);
                if (request.Site is { } site && !caller.CanReach(site.ProvinceCode) && !errors.Any)
                {
                    errors.Add("site.province_code", $"\"{site.ProvinceCode}\" is outside the reach of this token");
                }

                if (errors.Any)
                {
                    summary.Rejected++;
                    if (summary.Errors.Count < MaxReportedErrors)
                    {
                        summary.Errors.Add(new ImportError { Index = index, Reason = errors.ToString() });
                    }
                }
                else
                {
                    batch.Add(ImportRow.From(index, request));
                    if (batch.Count == BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<ImportRow>(BatchSize);
                    }
                }

                index++;
            }

            if (batch.Count > 0)
            {
                await batches.Writer.WriteAsync(batch, stop.Token);
            }

            batches.Writer.Complete();
        }
        catch (OperationCanceledException) when (storing.IsFaulted)
        {
            // The store failed and cancelled the reading: its exception is the one that matters.
            batches.Writer.TryComplete();
        }
        catch
        {
            batches.Writer.TryComplete();
            await stop.CancelAsync();
            await Task.WhenAny(storing);
            throw;
        }

        var stored = await storing;
        summary.Imported = stored.Imported;
        summary.Duplicates = stored.Duplicates;
        return summary;
    }

    private async Task<ImportBatchResult> StoreAsync(ChannelReader<List<ImportRow>> batches, string caller, CancellationTokenSource stop)
    {
        await Task.Yield();
        try
        {
            var total = new ImportBatchResult(0, 0);
            await using var writer = await ImportBatchWriter.OpenAsync(database, caller, stop.Token);
            await foreach (var batch in batches.ReadAllAsync(stop.Token))
            {
                var result = await writer.WriteAsync(batch, stop.Token);
                total = new ImportBatchResult(total.Imported + result.Imported, total.Duplicates + result.Duplicates);
            }

            return total;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
