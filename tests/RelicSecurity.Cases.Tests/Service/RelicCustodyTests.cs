using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

[Collection("servers")]
public sealed class RelicCustodyTests(LocalServersFixture servers) : IAsyncLifetime
{
    private CasesServiceHost _host = null!;

    // Issued by the service's own clock, which a test moves a year on.
    private CaseService.CaseServiceClient Cases => _host.Cases(TestTokens.NationalAt(_host.Clock, "custodian-wu"));

    public async Task InitializeAsync() => _host = await CasesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_relic_keeps_its_object_id_fields_and_its_chain_of_custody_in_order()
    {
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase());
        var relic = await Cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic(), RequestId = "ding" });
        relic.Title.ShouldBe("青铜饕餮纹鼎");
        relic.Measurements.HeightCm.ShouldBe(38.5);
        relic.Status.ShouldBe(RelicStatus.Seized);
        (await Cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic(), RequestId = "ding" })).ShouldBe(relic);

        var appraised = await Record(relic, CustodyEventKind.Appraised, "陕西省文物鉴定中心");
        var kept = await Record(appraised, CustodyEventKind.TemporaryCustody, "宝鸡青铜器博物院");
        var handed = await Record(kept, CustodyEventKind.HandedOver, "陕西历史博物馆");

        handed.Status.ShouldBe(RelicStatus.HandedOver);
        handed.CurrentHolder.ShouldBe("陕西历史博物馆");
        handed.Custody.Select(c => c.Kind).ShouldBe([CustodyEventKind.Appraised, CustodyEventKind.TemporaryCustody, CustodyEventKind.HandedOver]);
        handed.Custody.ShouldAllBe(c => c.Actor == "custodian-wu");
        (await Cases.GetRelicAsync(new GetRelicRequest { RelicId = relic.RelicId })).ShouldBe(handed);
        (await Cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId })).RelicIds.ShouldBe([relic.RelicId]);

        foreach (var kind in System.Enum.GetValues<CustodyEventKind>().Where(k => k != CustodyEventKind.Unspecified))
        {
            var ex = await Should.ThrowAsync<RpcException>(RecordCall(handed, kind, "anyone"));
            ex.StatusCode.ShouldBe(StatusCode.FailedPrecondition, $"{kind} after HANDED_OVER");
        }
    }

    [Fact]
    public async Task A_custody_event_out_of_order_is_a_failed_precondition()
    {
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase());
        var stolen = await Cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic(status: RelicStatus.Stolen) });

        (await Should.ThrowAsync<RpcException>(RecordCall(stolen, CustodyEventKind.HandedOver, "museum"))).StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        (await Should.ThrowAsync<RpcException>(RecordCall(stolen, CustodyEventKind.Appraised, "lab"))).StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        var seized = await Record(stolen, CustodyEventKind.Seized, "police");
        (await Should.ThrowAsync<RpcException>(RecordCall(seized, CustodyEventKind.Seized, "police"))).StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        (await Should.ThrowAsync<RpcException>(RecordCall(stolen, CustodyEventKind.Appraised, "lab"))).StatusCode.ShouldBe(StatusCode.Aborted);
    }

    [Fact]
    public async Task Relics_are_due_for_handover_a_year_after_the_judgment_and_listed_as_overdue_until_handed_over()
    {
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase());
        var kept = await Cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic("kept") });
        var returned = await Cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic("returned") });
        var current = opened;
        foreach (var stage in new[] { CaseStage.Filed, CaseStage.Investigating, CaseStage.SuspectsDetained, CaseStage.Prosecution, CaseStage.Trial, CaseStage.JudgmentEffective })
        {
            current = await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = stage, ExpectedVersion = current.Version });
        }

        var judgmentAt = current.UpdatedAt.ToDateTimeOffset();
        var due = (await Cases.GetRelicAsync(new GetRelicRequest { RelicId = kept.RelicId })).HandoverDueAt.ToDateTimeOffset();
        due.ShouldBe(judgmentAt.AddYears(1));
        (await Cases.ListRelicsAsync(new ListRelicsRequest { HandoverOverdue = true })).TotalSize.ShouldBe(0);

        _host.Clock.Shift = TimeSpan.FromDays(367);
        var appraised = await Record(await Cases.GetRelicAsync(new GetRelicRequest { RelicId = returned.RelicId }), CustodyEventKind.Appraised, "lab");
        await Record(appraised, CustodyEventKind.HandedOver, "museum");

        var overdue = await Cases.ListRelicsAsync(new ListRelicsRequest { HandoverOverdue = true });
        overdue.Relics.Select(r => r.RelicId).ShouldBe([kept.RelicId]);
        overdue.TotalSize.ShouldBe(1);
        (await Cases.ListRelicsAsync(new ListRelicsRequest { CaseId = opened.CaseId })).TotalSize.ShouldBe(2);
        (await _host.Cases(TestTokens.ProvincialAt(_host.Clock, "510000")).ListRelicsAsync(new ListRelicsRequest { HandoverOverdue = true })).TotalSize.ShouldBe(0);
    }

    private async Task<Relic> Record(Relic relic, CustodyEventKind kind, string holder) => await RecordCall(relic, kind, holder);

    private Task<Relic> RecordCall(Relic relic, CustodyEventKind kind, string holder) =>
        Cases.RecordCustodyEventAsync(new RecordCustodyEventRequest
        {
            RelicId = relic.RelicId,
            Kind = kind,
            Holder = holder,
            At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Note = kind.ToString(),
            ExpectedVersion = relic.Version,
        }).ResponseAsync;
}
