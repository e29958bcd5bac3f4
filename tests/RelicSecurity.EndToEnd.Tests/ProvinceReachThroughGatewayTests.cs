using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// Issue 9 Show 2 for Cases and Inspections, through the gateway in front of the real services: a provincial
/// team never receives another province's record. Driven by the contract's descriptors: every method whose
/// request names a record (a singular *_id field) is called with the other province's record and must answer
/// NOT_FOUND or PERMISSION_DENIED and change nothing; every method answering a list of records is called
/// unfiltered and with the other province as its filter, and must never carry one of that province's ids. A new
/// method of either kind fails here until it is given a request below.
/// </summary>
[Collection("servers")]
public sealed class ProvinceReachThroughGatewayTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Zhejiang = "330000";
    private const string Sichuan = "510000";

    private static readonly ServiceDescriptor[] Services =
        [CaseService.Descriptor, AuditService.Descriptor, InspectionService.Descriptor];

    /// <summary>A request for each record-id method naming the given (other province's) records, otherwise well-formed.</summary>
    private static readonly Dictionary<string, Func<ReachRecords, IMessage>> RecordRequests = new()
    {
        ["relic.cases.v1.CaseService.GetCase"] = r => new GetCaseRequest { CaseId = r.Case.CaseId },
        ["relic.cases.v1.CaseService.AdvanceCase"] = r => new AdvanceCaseRequest { CaseId = r.Case.CaseId, ToStage = CaseStage.Filed, ExpectedVersion = r.Case.Version },
        ["relic.cases.v1.CaseService.JoinCase"] = r => new JoinCaseRequest { CaseId = r.Case.CaseId, ProvinceCode = Zhejiang },
        ["relic.cases.v1.CaseService.SetSupervision"] = r => new SetSupervisionRequest { CaseId = r.Case.CaseId, Supervision = Supervision.National },
        ["relic.cases.v1.CaseService.RegisterRelic"] = r => new RegisterRelicRequest
        {
            CaseId = r.Case.CaseId, Relic = ReachRecords.RelicNamed("越界登记的鼎"), RequestId = "reach-foreign-relic",
        },
        ["relic.cases.v1.CaseService.GetRelic"] = r => new GetRelicRequest { RelicId = r.Relic.RelicId },
        ["relic.cases.v1.CaseService.RecordCustodyEvent"] = r => new RecordCustodyEventRequest
        {
            RelicId = r.Relic.RelicId, Kind = CustodyEventKind.Seized, Holder = "杭州市公安局",
            At = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()), ExpectedVersion = r.Relic.Version,
        },
        ["relic.inspections.v1.InspectionService.GetInspection"] = r => new GetInspectionRequest { InspectionId = r.Planned.InspectionId },
        ["relic.inspections.v1.InspectionService.StartInspection"] = r => new StartInspectionRequest
        {
            InspectionId = r.Planned.InspectionId, ExpectedVersion = r.Planned.Version,
        },
        ["relic.inspections.v1.InspectionService.RecordFinding"] = r => ReachRecords.FindingAt(r.InProgress.InspectionId, r.Site.SiteId),
        ["relic.inspections.v1.InspectionService.CompleteInspection"] = r => new CompleteInspectionRequest
        {
            InspectionId = r.InProgress.InspectionId, ExpectedVersion = r.InProgress.Version,
        },
        ["relic.inspections.v1.InspectionService.CancelInspection"] = r => new CancelInspectionRequest
        {
            InspectionId = r.Planned.InspectionId, Reason = "越界取消", ExpectedVersion = r.Planned.Version,
        },
        ["relic.inspections.v1.InspectionService.IssueRectification"] = r => new IssueRectificationRequest
        {
            FindingId = r.Finding.FindingId, ResponsibleUnit = "乡镇文化站",
            Deadline = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(30)), RequestId = "reach-foreign-order",
        },
        ["relic.inspections.v1.InspectionService.VerifyRectification"] = r => new VerifyRectificationRequest
        {
            OrderId = r.Order.OrderId, Passed = true, ExpectedVersion = r.Order.Version,
        },
    };

    /// <summary>The unfiltered request of each list method (MatchRelic needs its search text).</summary>
    private static readonly Dictionary<string, Func<IMessage>> ListRequests = new()
    {
        ["relic.cases.v1.CaseService.ListCases"] = () => new ListCasesRequest { PageSize = 500 },
        ["relic.cases.v1.CaseService.ListRelics"] = () => new ListRelicsRequest { PageSize = 500 },
        ["relic.cases.v1.CaseService.MatchRelic"] = () => new MatchRelicRequest { Text = "青铜饕餮纹鼎", Limit = 100 },
        ["relic.cases.v1.AuditService.ListAuditEntries"] = () => new ListAuditEntriesRequest { PageSize = 500 },
        ["relic.inspections.v1.InspectionService.ListInspections"] = () => new ListInspectionsRequest { PageSize = 500 },
        ["relic.inspections.v1.InspectionService.ListRectifications"] = () => new ListRectificationsRequest { PageSize = 500 },
    };

    private RunningSuite _suite = null!;
    private GrpcChannel _channel = null!;
    private ReachRecords _zhejiang = null!;
    private ReachRecords _sichuan = null!;

    public async Task InitializeAsync()
    {
        _suite = await RunningSuite.StartAsync(servers, cases: true, inspections: true);
        _channel = GrpcChannel.ForAddress(_suite.Gateway);
        var national = _channel.WithToken(TestTokens.National());
        var clients = (new SiteService.SiteServiceClient(national), new CaseService.CaseServiceClient(national),
            new InspectionService.InspectionServiceClient(national));
        _zhejiang = await ReachRecords.CreateAsync(Zhejiang, clients.Item1, clients.Item2, clients.Item3, Deadline);
        _sichuan = await ReachRecords.CreateAsync(Sichuan, clients.Item1, clients.Item2, clients.Item3, Deadline);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _suite.DisposeAsync();
    }

    [Fact]
    public async Task Every_method_that_takes_a_record_id_refuses_another_provinces_record_and_changes_nothing()
    {
        var methods = Services.SelectMany(s => s.Methods).Where(TakesRecordId).ToList();
        var team = _channel.WithToken(TestTokens.Provincial(Zhejiang));
        var national = new CaseService.CaseServiceClient(_channel.WithToken(TestTokens.National()));
        var nationalInspections = new InspectionService.InspectionServiceClient(_channel.WithToken(TestTokens.National()));

        var answers = new List<string>();
        foreach (var method in methods.Where(m => RecordRequests.ContainsKey(m.FullName)))
        {
            var request = RecordRequests[method.FullName](_sichuan);
            try
            {
                var response = await CallAsync(team, method, request);
                answers.Add($"{method.FullName}: answered {response}");
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                answers.Add($"{method.FullName}: refused");
            }
            catch (RpcException ex)
            {
                answers.Add($"{method.FullName}: {ex.StatusCode} ({ex.Status.Detail})");
            }
        }

        methods.Select(m => m.FullName).Where(m => !RecordRequests.ContainsKey(m)).ShouldBeEmpty("record-id methods without a request in this test");
        // Each request names the other province's records in every id field, so a refusal is about reach.
        methods.Where(m => RecordRequests.ContainsKey(m.FullName))
            .SelectMany(m => IdFields(m.InputType).Select(f => (m.FullName, Field: f.Name, Value: (string)f.Accessor.GetValue(RecordRequests[m.FullName](_sichuan)))))
            .Where(f => !_sichuan.Ids.Contains(f.Value))
            .ShouldBeEmpty();
        answers.ShouldAllBe(a => a.EndsWith(": refused", StringComparison.Ordinal));
        answers.Count.ShouldBe(RecordRequests.Count);
        // Nothing changed: the Sichuan records are as they were made.
        var sichuanCase = await national.GetCaseAsync(new GetCaseRequest { CaseId = _sichuan.Case.CaseId }, deadline: Deadline());
        sichuanCase.ShouldBe(_sichuan.Case);
        (await national.GetRelicAsync(new GetRelicRequest { RelicId = _sichuan.Relic.RelicId }, deadline: Deadline())).ShouldBe(_sichuan.Relic);
        (await nationalInspections.GetInspectionAsync(new GetInspectionRequest { InspectionId = _sichuan.Planned.InspectionId }, deadline: Deadline()))
            .ShouldBe(_sichuan.Planned);
        (await nationalInspections.GetInspectionAsync(new GetInspectionRequest { InspectionId = _sichuan.InProgress.InspectionId }, deadline: Deadline()))
            .ShouldBe(_sichuan.InProgress);
        var orders = await nationalInspections.ListRectificationsAsync(new ListRectificationsRequest { ProvinceCode = Sichuan }, deadline: Deadline());
        orders.Rectifications.ShouldBe([_sichuan.Order]);
    }

    [Fact]
    public async Task List_methods_never_yield_another_provinces_records_whatever_the_filter()
    {
        var lists = Services.SelectMany(s => s.Methods).Where(m => !TakesRecordId(m) && AnswersRecords(m)).ToList();
        // All scopes, audit.read included, so that only province reach can keep a record out.
        var team = _channel.WithToken(TestTokens.Provincial(Zhejiang, [.. SuiteScopes.All]));

        var leaks = new List<string>();
        var ownSeen = new Dictionary<string, bool>();
        foreach (var method in lists.Where(m => ListRequests.ContainsKey(m.FullName)))
        {
            foreach (var (filter, request) in Filtered(method, ListRequests[method.FullName]()))
            {
                string answer;
                try
                {
                    answer = JsonFormatter.Default.Format(await CallAsync(team, method, request));
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound)
                {
                    continue;
                }

                leaks.AddRange(_sichuan.Ids.Where(id => answer.Contains(id, StringComparison.Ordinal)).Select(id => $"{method.FullName} {filter}: {id}"));
                if (filter == "unfiltered")
                {
                    ownSeen[method.FullName] = _zhejiang.Ids.Any(id => answer.Contains(id, StringComparison.Ordinal));
                }
            }
        }

        lists.Select(m => m.FullName).Where(m => !ListRequests.ContainsKey(m)).ShouldBeEmpty("list methods without a request in this test");
        leaks.ShouldBeEmpty();
        // The lists are not empty for want of data: the team's own province's records are there.
        ownSeen.Where(seen => !seen.Value).Select(seen => seen.Key).ShouldBeEmpty();
        ownSeen.Keys.ShouldContain("relic.cases.v1.CaseService.ListCases");
        ownSeen.Keys.ShouldContain("relic.cases.v1.CaseService.MatchRelic");
        ownSeen.Keys.ShouldContain("relic.inspections.v1.InspectionService.ListRectifications");
    }

    /// <summary>A request names one record when it has a singular string field *_id (request_id is idempotency, not a record).</summary>
    private static bool TakesRecordId(MethodDescriptor method) =>
        !method.Name.StartsWith("List", StringComparison.Ordinal) && IdFields(method.InputType).Any();

    private static IEnumerable<FieldDescriptor> IdFields(MessageDescriptor message) => message.Fields.InDeclarationOrder()
        .Where(f => f.FieldType == FieldType.String && !f.IsRepeated && f.Name.EndsWith("_id", StringComparison.Ordinal) && f.Name != "request_id");

    /// <summary>The answer is a list of records: a *Response with a repeated message field (cases, relics, matches, entries, ...).</summary>
    private static bool AnswersRecords(MethodDescriptor method) =>
        method.OutputType.Name.EndsWith("Response", StringComparison.Ordinal)
        && method.OutputType.Fields.InDeclarationOrder().Any(f => f.IsRepeated && f.FieldType == FieldType.Message);

    /// <summary>The request as given, then once per filter field set to the other province (its code, or its record's id).</summary>
    private IEnumerable<(string Filter, IMessage Request)> Filtered(MethodDescriptor method, IMessage unfiltered)
    {
        yield return ("unfiltered", unfiltered);
        var values = new Dictionary<string, string>
        {
            ["province_code"] = Sichuan, ["site_id"] = _sichuan.Site.SiteId, ["case_id"] = _sichuan.Case.CaseId, ["record_id"] = _sichuan.Case.CaseId,
        };
        foreach (var field in method.InputType.Fields.InDeclarationOrder().Where(f => values.ContainsKey(f.Name)))
        {
            var request = ParserOf(method.InputType).ParseFrom(unfiltered.ToByteArray());
            field.Accessor.SetValue(request, values[field.Name]);
            yield return ($"{field.Name}={values[field.Name]}", request);
        }
    }

    /// <summary>A unary call of any method of the contract, from its descriptor.</summary>
    private static async Task<IMessage> CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request)
    {
        var call = new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name,
            Marshallers.Create(m => m.ToByteArray(), ParserOf(method.InputType).ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), ParserOf(method.OutputType).ParseFrom));
        return await invoker.AsyncUnaryCall(call, null, new CallOptions(deadline: Deadline()), request);
    }

    private static MessageParser ParserOf(MessageDescriptor message) =>
        message.Parser ?? throw new InvalidOperationException($"{message.FullName} has no generated parser");

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(20);
}
