using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.EndToEnd.Tests.Status;

/// <summary>
/// A reproducible random sequence of writes across Sites, Cases and Inspections through the gateway, each chosen among
/// those the caller's model of the records says are legal now (so nearly all succeed and the data gets deep: closed
/// cases, handed-over relics, verified orders). The model follows each response; records the services create by
/// themselves (reactions) are not in it and need not be.
/// </summary>
internal sealed class RandomOperations(Random random, CallInvoker gateway, TimeProvider time)
{
    private static readonly string[] Provinces = ["610000", "330000", "510000", "500000"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly SiteService.SiteServiceClient _sites = new(gateway);
    private readonly CaseService.CaseServiceClient _cases = new(gateway);
    private readonly InspectionService.InspectionServiceClient _inspections = new(gateway);

    private readonly List<(string Id, string Province)> _siteList = [];
    private readonly Dictionary<string, Case> _openCases = [];
    private readonly Dictionary<string, Relic> _activeRelics = [];
    private readonly Dictionary<string, Inspection> _activeInspections = [];
    private readonly Dictionary<string, Finding> _findingsWithoutActiveOrder = [];
    private readonly Dictionary<string, RectificationOrder> _openOrders = [];
    private int _sequence;

    /// <summary>Operations that succeeded, by name, and failures by name and status (printed by the test).</summary>
    public SortedDictionary<string, int> Done { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> Failed { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(int count, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            var (name, operation) = Next();
            try
            {
                await operation(cancellationToken);
                Done[name] = Done.GetValueOrDefault(name) + 1;
            }
            catch (RpcException e)
            {
                var key = $"{name}: {e.StatusCode}";
                Failed[key] = Failed.GetValueOrDefault(key) + 1;
            }
        }
    }

    private (string Name, Func<CancellationToken, Task> Run) Next()
    {
        // Weighted choice among the operations possible now; registering a site is always possible.
        var choices = new List<(int Weight, string Name, Func<CancellationToken, Task> Run)> { (8, "RegisterSite", RegisterSiteAsync) };
        if (_siteList.Count > 0)
        {
            choices.Add((10, "OpenCase", OpenCaseAsync));
            choices.Add((7, "PlanInspection", PlanInspectionAsync));
        }

        if (_openCases.Count > 0)
        {
            choices.Add((16, "AdvanceCase", AdvanceCaseAsync));
            choices.Add((3, "JoinCase", JoinCaseAsync));
            choices.Add((3, "SetSupervision", SetSupervisionAsync));
            choices.Add((7, "RegisterRelic", RegisterRelicAsync));
        }

        if (_activeRelics.Count > 0)
        {
            choices.Add((8, "RecordCustodyEvent", RecordCustodyAsync));
        }

        if (_activeInspections.Values.Any(i => i.State == InspectionState.Planned))
        {
            choices.Add((6, "StartInspection", StartInspectionAsync));
        }

        if (_activeInspections.Values.Any(i => i.State == InspectionState.InProgress))
        {
            choices.Add((10, "RecordFinding", RecordFindingAsync));
            choices.Add((4, "CompleteInspection", CompleteInspectionAsync));
        }

        if (_activeInspections.Count > 0)
        {
            choices.Add((1, "CancelInspection", CancelInspectionAsync));
        }

        if (_findingsWithoutActiveOrder.Count > 0)
        {
            choices.Add((6, "IssueRectification", IssueRectificationAsync));
        }

        if (_openOrders.Count > 0)
        {
            choices.Add((6, "VerifyRectification", VerifyRectificationAsync));
        }

        var pick = random.Next(choices.Sum(c => c.Weight));
        foreach (var choice in choices)
        {
            if ((pick -= choice.Weight) < 0)
            {
                return (choice.Name, choice.Run);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private CallOptions Options(CancellationToken cancellationToken) => new(deadline: time.GetUtcNow().UtcDateTime + Deadline, cancellationToken: cancellationToken);

    private string RequestId() => $"op-{++_sequence}";

    private T Any<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private T AnyOf<T>(IEnumerable<T> items) => Any(items.ToList());

    private static T[] ValuesOf<T>()
        where T : struct, System.Enum => [.. System.Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)];

    private async Task RegisterSiteAsync(CancellationToken cancellationToken)
    {
        var province = Any(Provinces);
        var site = await _sites.RegisterSiteAsync(new RegisterSiteRequest
        {
            RequestId = RequestId(),
            Site = new Site
            {
                Name = $"site {_sequence}", ProvinceCode = province, County = "county", Category = Any(ValuesOf<SiteCategory>()),
                ProtectionLevel = Any(ValuesOf<ProtectionLevel>()), Latitude = 30 + random.NextDouble(), Longitude = 105 + random.NextDouble(),
                CustodianUnit = "unit", ResponsiblePerson = "person", ResponsiblePhone = "13800000000",
                Facilities = new SecurityFacilities
                {
                    IntrusionAlarm = random.Next(2) == 0, Cctv = random.Next(2) == 0, NightPatrol = random.Next(2) == 0, FireProtection = random.Next(2) == 0,
                },
            },
        }, Options(cancellationToken));
        _siteList.Add((site.SiteId, site.ProvinceCode));
    }

    private async Task OpenCaseAsync(CancellationToken cancellationToken)
    {
        var sites = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Any(_siteList)).ToList();
        var opened = await _cases.OpenCaseAsync(new OpenCaseRequest
        {
            RequestId = RequestId(), Title = $"case {_sequence}", Type = Any(ValuesOf<CaseType>()), LeadProvinceCode = sites[0].Province,
            LeadAgency = Agency.PublicSecurity, OccurredAt = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddDays(-3)), Summary = "summary",
            SiteIds = { sites.Select(s => s.Id).Distinct() },
        }, Options(cancellationToken));
        _openCases[opened.CaseId] = opened;
    }

    /// <summary>Mostly forward one stage (favouring the most advanced cases, so some close); now and then DROPPED.</summary>
    private async Task AdvanceCaseAsync(CancellationToken cancellationToken)
    {
        var @case = random.Next(2) == 0 ? _openCases.Values.MaxBy(c => (int)c.Stage)! : AnyOf(_openCases.Values);
        var to = @case.Stage < CaseStage.JudgmentEffective && random.Next(8) == 0 ? CaseStage.Dropped : @case.Stage + 1;
        var advanced = await _cases.AdvanceCaseAsync(new AdvanceCaseRequest
        {
            CaseId = @case.CaseId, ToStage = to, Note = "step", ExpectedVersion = @case.Version,
        }, Options(cancellationToken));
        Follow(advanced);
    }

    private async Task JoinCaseAsync(CancellationToken cancellationToken)
    {
        var @case = AnyOf(_openCases.Values);
        var joining = Provinces.Where(p => p != @case.LeadProvinceCode && !@case.ParticipatingProvinceCodes.Contains(p)).ToList();
        if (joining.Count == 0)
        {
            return;
        }

        Follow(await _cases.JoinCaseAsync(new JoinCaseRequest { CaseId = @case.CaseId, ProvinceCode = Any(joining) }, Options(cancellationToken)));
    }

    private async Task SetSupervisionAsync(CancellationToken cancellationToken)
    {
        var @case = AnyOf(_openCases.Values);
        Follow(await _cases.SetSupervisionAsync(new SetSupervisionRequest { CaseId = @case.CaseId, Supervision = Any(ValuesOf<Supervision>()) },
            Options(cancellationToken)));
    }

    private async Task RegisterRelicAsync(CancellationToken cancellationToken)
    {
        var @case = AnyOf(_openCases.Values);
        var relic = await _cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = @case.CaseId, RequestId = RequestId(),
            Relic = new Relic
            {
                ObjectType = "ceramics/jar", Title = $"jar {_sequence}", Grade = Any(ValuesOf<RelicGrade>()),
                Status = Any([RelicStatus.Stolen, RelicStatus.Seized, RelicStatus.ReturnedFromAbroad]),
            },
        }, Options(cancellationToken));
        _activeRelics[relic.RelicId] = relic;
    }

    /// <summary>A move the legal custody order allows from the relic's status.</summary>
    private async Task RecordCustodyAsync(CancellationToken cancellationToken)
    {
        var relic = AnyOf(_activeRelics.Values);
        CustodyEventKind[] allowed = relic.Status switch
        {
            RelicStatus.Stolen => [CustodyEventKind.Seized, CustodyEventKind.ReturnedFromAbroad],
            RelicStatus.Seized => [CustodyEventKind.Appraised, CustodyEventKind.TemporaryCustody],
            RelicStatus.ReturnedFromAbroad => [CustodyEventKind.Appraised, CustodyEventKind.TemporaryCustody, CustodyEventKind.HandedOver],
            RelicStatus.Appraised => [CustodyEventKind.TemporaryCustody, CustodyEventKind.HandedOver],
            _ => [CustodyEventKind.Appraised, CustodyEventKind.TemporaryCustody, CustodyEventKind.HandedOver],
        };
        var moved = await _cases.RecordCustodyEventAsync(new RecordCustodyEventRequest
        {
            RelicId = relic.RelicId, Kind = Any(allowed), Holder = "museum", At = Timestamp.FromDateTimeOffset(time.GetUtcNow()), Note = "move",
            ExpectedVersion = relic.Version,
        }, Options(cancellationToken));
        if (moved.Status == RelicStatus.HandedOver)
        {
            _activeRelics.Remove(moved.RelicId);
        }
        else
        {
            _activeRelics[moved.RelicId] = moved;
        }
    }

    private async Task PlanInspectionAsync(CancellationToken cancellationToken)
    {
        var province = Any(_siteList).Province;
        var inProvince = _siteList.Where(s => s.Province == province).ToList();
        var sites = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Any(inProvince).Id).Distinct();
        var now = time.GetUtcNow();
        var planned = await _inspections.PlanInspectionAsync(new PlanInspectionRequest
        {
            RequestId = RequestId(), Title = $"inspection {_sequence}", ProvinceCode = province, LeadDepartment = Agency.CulturalHeritage,
            SiteIds = { sites }, WindowStart = Timestamp.FromDateTimeOffset(now), WindowEnd = Timestamp.FromDateTimeOffset(now.AddDays(10)),
        }, Options(cancellationToken));
        _activeInspections[planned.InspectionId] = planned;
    }

    private async Task StartInspectionAsync(CancellationToken cancellationToken)
    {
        var inspection = AnyOf(_activeInspections.Values.Where(i => i.State == InspectionState.Planned));
        FollowInspection(await _inspections.StartInspectionAsync(
            new StartInspectionRequest { InspectionId = inspection.InspectionId, ExpectedVersion = inspection.Version }, Options(cancellationToken)));
    }

    private async Task RecordFindingAsync(CancellationToken cancellationToken)
    {
        var inspection = AnyOf(_activeInspections.Values.Where(i => i.State == InspectionState.InProgress));
        var finding = await _inspections.RecordFindingAsync(new RecordFindingRequest
        {
            InspectionId = inspection.InspectionId, SiteId = Any(inspection.SiteIds), Category = Any(ValuesOf<FindingCategory>()),
            Severity = Any(ValuesOf<Severity>()), Description = "hazard", RequestId = RequestId(),
        }, Options(cancellationToken));
        _findingsWithoutActiveOrder[finding.FindingId] = finding;
        // A finding is a new version of its inspection: follow it, or completing it would be refused as stale.
        FollowInspection(await _inspections.GetInspectionAsync(new GetInspectionRequest { InspectionId = inspection.InspectionId }, Options(cancellationToken)));
    }

    private async Task CompleteInspectionAsync(CancellationToken cancellationToken)
    {
        var inspection = AnyOf(_activeInspections.Values.Where(i => i.State == InspectionState.InProgress));
        FollowInspection(await _inspections.CompleteInspectionAsync(
            new CompleteInspectionRequest { InspectionId = inspection.InspectionId, ExpectedVersion = inspection.Version }, Options(cancellationToken)));
    }

    private async Task CancelInspectionAsync(CancellationToken cancellationToken)
    {
        var inspection = AnyOf(_activeInspections.Values);
        FollowInspection(await _inspections.CancelInspectionAsync(
            new CancelInspectionRequest { InspectionId = inspection.InspectionId, Reason = "weather", ExpectedVersion = inspection.Version },
            Options(cancellationToken)));
    }

    private async Task IssueRectificationAsync(CancellationToken cancellationToken)
    {
        var finding = AnyOf(_findingsWithoutActiveOrder.Values);
        var order = await _inspections.IssueRectificationAsync(new IssueRectificationRequest
        {
            FindingId = finding.FindingId, ResponsibleUnit = "custodian", Deadline = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddDays(30)),
            RequestId = RequestId(),
        }, Options(cancellationToken));
        _findingsWithoutActiveOrder.Remove(finding.FindingId);
        _openOrders[order.OrderId] = order;
    }

    /// <summary>Passed closes the hazard for good; failed leaves it open for another order.</summary>
    private async Task VerifyRectificationAsync(CancellationToken cancellationToken)
    {
        var order = AnyOf(_openOrders.Values);
        var verified = await _inspections.VerifyRectificationAsync(new VerifyRectificationRequest
        {
            OrderId = order.OrderId, Passed = random.Next(10) < 7, Note = "checked", ExpectedVersion = order.Version,
        }, Options(cancellationToken));
        _openOrders.Remove(order.OrderId);
        if (verified.State == RectificationState.FailedVerification)
        {
            _findingsWithoutActiveOrder[order.FindingId] = new Finding { FindingId = order.FindingId };
        }
    }

    private void Follow(Case @case)
    {
        if (@case.Stage is CaseStage.Closed or CaseStage.Dropped)
        {
            _openCases.Remove(@case.CaseId);
        }
        else
        {
            _openCases[@case.CaseId] = @case;
        }
    }

    private void FollowInspection(Inspection inspection)
    {
        if (inspection.State is InspectionState.Completed or InspectionState.Cancelled)
        {
            _activeInspections.Remove(inspection.InspectionId);
        }
        else
        {
            _activeInspections[inspection.InspectionId] = inspection;
        }
    }
}
