using Grpc.Core;
using RelicSecurity.Contracts.Cases.V1;
using Agency = RelicSecurity.Contracts.Cases.V1.Agency;

namespace RelicSecurity.EndToEnd.Tests.Reactions;

/// <summary>
/// The chaos test's load: OpenCase calls numbered 0..count-1, each on site number % sites, with the request_id
/// "chaos-&lt;number&gt;", from several concurrent callers; every <see cref="DropEvery"/>th case is DROPPED right after it
/// opens. A call that fails because a dependency is down (Sites killed: UNAVAILABLE) is retried with the same request_id,
/// as a client would. Gates hold the callers back: numbers from a gate's From on are called once its Open task completes.
/// </summary>
internal sealed class CaseWriters(CaseService.CaseServiceClient cases, IReadOnlyList<(string SiteId, string Province)> sites, int count,
    IReadOnlyList<(int From, Task Open)> gates)
{
    public const int DropEvery = 10;
    private const int Callers = 8;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private int _next = -1;
    private int _completed;
    private int _retries;

    /// <summary>Numbers whose case is open (and, for every tenth, dropped) and acknowledged.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Calls that failed with UNAVAILABLE / DEADLINE_EXCEEDED and were repeated.</summary>
    public int Retries => Volatile.Read(ref _retries);

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(CallerAsync)));

    private async Task CallerAsync()
    {
        int number;
        while ((number = Interlocked.Increment(ref _next)) < count)
        {
            foreach (var (from, open) in gates)
            {
                if (number >= from)
                {
                    await open;
                }
            }

            var (siteId, province) = sites[number % sites.Count];
            var opened = await RetryAsync(() => cases.OpenCaseAsync(new OpenCaseRequest
            {
                Title = $"Chaos case {number}", Type = CaseType.IllegalExcavation, LeadProvinceCode = province, LeadAgency = Agency.PublicSecurity,
                RequestId = $"chaos-{number}", SiteIds = { siteId },
            }, deadline: DateTime.UtcNow + CallDeadline).ResponseAsync);
            if (number % DropEvery == 0)
            {
                await DropAsync(opened);
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private async Task DropAsync(Case opened)
    {
        try
        {
            await RetryAsync(() => cases.AdvanceCaseAsync(new AdvanceCaseRequest
            {
                CaseId = opened.CaseId, ToStage = CaseStage.Dropped, ExpectedVersion = opened.Version, Note = "chaos",
            }, deadline: DateTime.UtcNow + CallDeadline).ResponseAsync);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Aborted or StatusCode.FailedPrecondition)
        {
            // A repeat of a drop whose answer was lost: the case moved on already. It must be DROPPED.
            var now = await cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }, deadline: DateTime.UtcNow + CallDeadline);
            if (now.Stage != CaseStage.Dropped)
            {
                throw;
            }
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(RetryPause);
            }
        }
    }
}
