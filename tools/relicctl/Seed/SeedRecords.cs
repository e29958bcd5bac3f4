using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;
using CaseAgency = RelicSecurity.Contracts.Cases.V1.Agency;

namespace RelicSecurity.Cli.Seed;

/// <summary>What the cases and inspections part of a seed reached (a repeated seed reaches the same records again).</summary>
public sealed record SeedRecordsSummary(int Cases, int JointCases, int SupervisedCases, int Relics, int StolenRelics, int HandedOverRelics,
    int Inspections, int Findings, int Orders, int VerifiedOrders, IReadOnlyList<string> Refusals);

/// <summary>
/// Seeds <see cref="SeedPlans"/> through the gateway's public API, a few records at a time: each record is opened with its
/// request id (a repeat answers the same record), then moved only as far as it has not been moved yet, so a second run
/// changes nothing. A record the suite refuses is reported and the others go on.
/// </summary>
public sealed class SeedRecords(SeedPlans plans, GatewaySession session, CancellationToken cancellationToken)
{
    // Sixteen, not eight: with eight in flight a loaded two-core machine answered ~130 calls/s, below the gateway's
    // default 200/s per caller, so the seed waited on latency rather than on the limit it is meant to be paced by.
    private const int Concurrency = 16;

    /// <summary>How often one call is offered again to a rate-limiting gateway before the seed gives up on it.</summary>
    private const int MaxAttempts = 200;

    // Relic events and order deadlines are stamped when the seed runs; relicctl keeps no other time.
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly CaseStage[] Forward =
    [
        CaseStage.Reported, CaseStage.Filed, CaseStage.Investigating, CaseStage.SuspectsDetained, CaseStage.Prosecution, CaseStage.Trial,
        CaseStage.JudgmentEffective, CaseStage.Closed,
    ];

    private readonly CaseService.CaseServiceClient _cases = new(session.Invoker);
    private readonly InspectionService.InspectionServiceClient _inspections = new(session.Invoker);
    private readonly SiteService.SiteServiceClient _sites = new(session.Invoker);
    private readonly List<string> _refusals = [];
    private int _joint, _supervised, _relics, _stolen, _handedOver, _findings, _orders, _verified;

    public async Task<SeedRecordsSummary> RunAsync()
    {
        var sites = await SitesByProvinceAsync();
        await Printer.ProgressConsole(session).Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var caseBar = context.AddTask("cases and relics", maxValue: plans.CaseCount);
                var inspectionBar = context.AddTask("inspections", maxValue: plans.InspectionCount);
                await ForEachAsync(plans.CaseCount, index => SeedCaseAsync(plans.Case(index), sites), caseBar);
                await ForEachAsync(plans.InspectionCount, index => SeedInspectionAsync(plans.Inspection(index), sites), inspectionBar);
            });
        return new SeedRecordsSummary(plans.CaseCount, _joint, _supervised, _relics, _stolen, _handedOver, plans.InspectionCount, _findings, _orders,
            _verified, _refusals);
    }

    private async Task ForEachAsync(int count, Func<int, Task> seed, ProgressTask bar) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (index, _) =>
            {
                try
                {
                    await seed(index);
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.AlreadyExists or StatusCode.Aborted)
                {
                    lock (_refusals)
                    {
                        _refusals.Add($"record {index}: {GrpcFailures.Describe(ex, session)}");
                    }
                }

                bar.Increment(1);
            });

    /// <summary>Some sites of each province (highest risk first), for cases to name and inspections to visit.</summary>
    private async Task<Dictionary<string, List<string>>> SitesByProvinceAsync()
    {
        var sites = new Dictionary<string, List<string>>();
        foreach (var province in Provinces.All)
        {
            var page = await Paced(() => _sites.ListSitesAsync(new ListSitesRequest { ProvinceCode = province.Code, PageSize = 60 },
                deadline: session.Deadline(), cancellationToken: cancellationToken));
            sites[province.Code] = [.. page.Sites.Select(site => site.SiteId).Order(StringComparer.Ordinal)];
        }

        return sites;
    }

    private async Task SeedCaseAsync(CasePlan plan, Dictionary<string, List<string>> sites)
    {
        var request = new OpenCaseRequest
        {
            Title = $"{plan.Lead.ChineseName}{TypeWord(plan.Type)}案（演示{plan.Index + 1}）",
            Type = plan.Type,
            LeadProvinceCode = plan.Lead.Code,
            LeadAgency = plan.Type is CaseType.Smuggling ? CaseAgency.Customs : CaseAgency.PublicSecurity,
            OccurredAt = Timestamp.FromDateTimeOffset(plan.OccurredAt),
            Summary = "演示数据：relicctl seed 生成。",
            RequestId = plan.RequestId,
        };
        if (plan.Type is CaseType.IllegalExcavation or CaseType.StoneCarvingTheft or CaseType.BuildingComponentTheft or CaseType.Destruction
            && sites[plan.Lead.Code] is { Count: > 0 } own)
        {
            request.SiteIds.Add(own[plan.Index % own.Count]);
        }

        var current = await Paced(() => _cases.OpenCaseAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken));
        foreach (var relicPlan in plan.Relics)
        {
            await SeedRelicAsync(current, relicPlan);
        }

        if (plan.Joins is { } joins && !current.ParticipatingProvinceCodes.Contains(joins.Code))
        {
            current = await Paced(() => _cases.JoinCaseAsync(new JoinCaseRequest { CaseId = current.CaseId, ProvinceCode = joins.Code },
                deadline: session.Deadline(), cancellationToken: cancellationToken));
        }

        if (plan.Supervision != Supervision.None && current.Supervision != plan.Supervision)
        {
            current = await Paced(() => _cases.SetSupervisionAsync(new SetSupervisionRequest { CaseId = current.CaseId, Supervision = plan.Supervision },
                deadline: session.Deadline(), cancellationToken: cancellationToken));
        }

        // Moved on only from where it stands, so a repeated seed moves nothing.
        while (Next(current.Stage, plan.Stage) is { } next)
        {
            var advance = new AdvanceCaseRequest { CaseId = current.CaseId, ToStage = next, ExpectedVersion = current.Version, Note = "演示数据" };
            if (next == CaseStage.SuspectsDetained)
            {
                advance.SuspectsDetained = 1 + (plan.Index % 4);
            }

            current = await Paced(() => _cases.AdvanceCaseAsync(advance, deadline: session.Deadline(), cancellationToken: cancellationToken));
        }

        Interlocked.Add(ref _joint, current.ParticipatingProvinceCodes.Count > 0 ? 1 : 0);
        Interlocked.Add(ref _supervised, current.Supervision is Supervision.Provincial or Supervision.National ? 1 : 0);
    }

    private async Task SeedRelicAsync(Case owner, RelicPlan plan)
    {
        var relic = await Paced(() => _cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = owner.CaseId, Relic = plan.Relic, RequestId = plan.RequestId },
            deadline: session.Deadline(), cancellationToken: cancellationToken));
        foreach (var kind in plan.Custody.Where(kind => relic.Custody.All(done => done.Kind != kind)).ToList())
        {
            relic = await Paced(() => _cases.RecordCustodyEventAsync(new RecordCustodyEventRequest
            {
                RelicId = relic.RelicId,
                Kind = kind,
                Holder = kind == CustodyEventKind.HandedOver ? "博物馆" : $"{plan.Relic.PlaceOfOrigin}公安厅",
                At = Timestamp.FromDateTimeOffset(Clock.GetUtcNow()),
                Note = "演示数据",
                ExpectedVersion = relic.Version,
            }, deadline: session.Deadline(), cancellationToken: cancellationToken));
        }

        Interlocked.Increment(ref _relics);
        Interlocked.Add(ref _stolen, relic.Status == RelicStatus.Stolen ? 1 : 0);
        Interlocked.Add(ref _handedOver, relic.Status == RelicStatus.HandedOver ? 1 : 0);
    }

    private async Task SeedInspectionAsync(InspectionPlan plan, Dictionary<string, List<string>> sites)
    {
        var own = sites[plan.Province.Code];
        if (own.Count == 0)
        {
            return;
        }

        var request = new PlanInspectionRequest
        {
            Title = $"{plan.Province.ChineseName}文物安全联合检查（演示{plan.Index + 1}）",
            ProvinceCode = plan.Province.Code,
            LeadDepartment = CaseAgency.CulturalHeritage,
            ParticipatingDepartments = { CaseAgency.FireRescue, CaseAgency.PublicSecurity },
            WindowStart = Timestamp.FromDateTimeOffset(plan.WindowStart),
            WindowEnd = Timestamp.FromDateTimeOffset(plan.WindowStart.AddDays(14)),
            RequestId = plan.RequestId,
        };
        request.SiteIds.AddRange(Enumerable.Range(0, Math.Min(plan.SiteCount, own.Count)).Select(i => own[(plan.Index + (i * 7)) % own.Count]).Distinct());
        var inspection = await Paced(() => _inspections.PlanInspectionAsync(request, deadline: session.Deadline(), cancellationToken: cancellationToken));
        if (plan.Reaches == InspectionState.Planned)
        {
            return;
        }

        if (inspection.State == InspectionState.Planned)
        {
            inspection = await Paced(() => _inspections.StartInspectionAsync(new StartInspectionRequest { InspectionId = inspection.InspectionId, ExpectedVersion = inspection.Version },
                deadline: session.Deadline(), cancellationToken: cancellationToken));
        }

        if (inspection.State == InspectionState.InProgress)
        {
            for (var f = inspection.FindingIds.Count; f < plan.Findings.Count; f++)
            {
                var finding = plan.Findings[f];
                await Paced(() => _inspections.RecordFindingAsync(new RecordFindingRequest
                {
                    InspectionId = inspection.InspectionId,
                    SiteId = inspection.SiteIds[f % inspection.SiteIds.Count],
                    Category = finding.Category,
                    Severity = finding.Severity,
                    Description = finding.Description,
                    RequestId = finding.RequestId,
                }, deadline: session.Deadline(), cancellationToken: cancellationToken));
            }

            if (plan.Reaches == InspectionState.Completed)
            {
                inspection = await Paced(() => _inspections.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = inspection.InspectionId },
                    deadline: session.Deadline(), cancellationToken: cancellationToken));
            }
            else
            {
                inspection = await Paced(() => _inspections.GetInspectionAsync(new GetInspectionRequest { InspectionId = inspection.InspectionId },
                    deadline: session.Deadline(), cancellationToken: cancellationToken));
            }
        }

        Interlocked.Add(ref _findings, inspection.FindingIds.Count);
        if (inspection.State != InspectionState.Completed)
        {
            return;
        }

        for (var f = 0; f < Math.Min(plan.Findings.Count, inspection.FindingIds.Count); f++)
        {
            var finding = plan.Findings[f];
            if (!finding.Ordered)
            {
                continue;
            }

            var order = await Paced(() => _inspections.IssueRectificationAsync(new IssueRectificationRequest
            {
                FindingId = inspection.FindingIds[f],
                ResponsibleUnit = $"{plan.Province.ChineseName}文物保护中心",
                Deadline = Timestamp.FromDateTimeOffset(Clock.GetUtcNow().AddDays(finding.DeadlineDays)),
                RequestId = finding.RequestId + "-order",
            }, deadline: session.Deadline(), cancellationToken: cancellationToken));
            Interlocked.Increment(ref _orders);
            if (finding.Verified && order.State != RectificationState.Verified)
            {
                order = await Paced(() => _inspections.VerifyRectificationAsync(new VerifyRectificationRequest
                {
                    OrderId = order.OrderId, Passed = true, Note = "演示数据：已整改", ExpectedVersion = order.Version,
                }, deadline: session.Deadline(), cancellationToken: cancellationToken));
            }

            Interlocked.Add(ref _verified, order.State == RectificationState.Verified ? 1 : 0);
        }
    }

    /// <summary>
    /// One call, repeated while the gateway's per-caller rate limit refuses it (RESOURCE_EXHAUSTED before the call reached a
    /// service, so repeating it is safe), after the wait the gateway names, so a seed runs at the rate the suite allows.
    /// </summary>
    private async Task<T> Paced<T>(Func<AsyncUnaryCall<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var pending = call();
                return await pending.ResponseAsync;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted && attempt < MaxAttempts)
            {
                var wait = int.TryParse(ex.Trailers.GetValue("retry-after-ms"), System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 500;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(wait, 10, 5_000)), Clock, cancellationToken);
            }
        }
    }

    private static CaseStage? Next(CaseStage current, CaseStage target)
    {
        if (current == target || current is CaseStage.Closed or CaseStage.Dropped)
        {
            return null;
        }

        if (target == CaseStage.Dropped)
        {
            return CaseStage.Dropped;
        }

        var at = Array.IndexOf(Forward, current);
        return at >= 0 && at < Array.IndexOf(Forward, target) ? Forward[at + 1] : null;
    }

    private static string TypeWord(CaseType type) => type switch
    {
        CaseType.IllegalExcavation => "盗掘古墓葬",
        CaseType.MuseumTheft => "馆藏文物被盗",
        CaseType.StoneCarvingTheft => "石刻被盗",
        CaseType.BuildingComponentTheft => "古建筑构件被盗",
        CaseType.InscriptionTheft => "碑刻拓片被盗",
        CaseType.Smuggling => "走私文物",
        CaseType.IllegalTrade => "倒卖文物",
        CaseType.Destruction => "故意损毁文物",
        _ => "涉文物",
    };
}
