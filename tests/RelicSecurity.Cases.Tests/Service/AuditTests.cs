using Grpc.Core;
using Npgsql;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

[Collection("servers")]
public sealed class AuditTests(LocalServersFixture servers) : IAsyncLifetime
{
    private CasesServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await CasesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Calls_by_different_users_leave_exactly_one_entry_each_with_the_fields_of_the_contract()
    {
        var shaanxi = _host.Cases(TestTokens.Provincial("610000"));
        var national = _host.Cases(TestTokens.National("auditor-li"));
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        var opened = await shaanxi.OpenCaseAsync(Samples.OpenCase());
        await national.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId });
        var relic = await shaanxi.RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic(), RequestId = "r1" });
        await Should.ThrowAsync<RpcException>(shaanxi.AdvanceCaseAsync(
            new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = CaseStage.Trial, ExpectedVersion = opened.Version }).ResponseAsync);
        await national.ListCasesAsync(new ListCasesRequest());

        var entries = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries;
        entries.Select(e => (e.Method.Split('/')[^1], e.Outcome)).ShouldBe(
            [("OpenCase", "OK"), ("GetCase", "OK"), ("RegisterRelic", "OK"), ("AdvanceCase", "FAILED_PRECONDITION"), ("ListCases", "OK")]);
        entries[0].Actor.ShouldBe("provincial-610000-test");
        entries[0].Role.ShouldBe("provincial");
        entries[0].ProvinceCode.ShouldBe("610000");
        entries[0].Method.ShouldBe("/relic.cases.v1.CaseService/OpenCase");
        entries[0].RecordIds.ShouldBe([opened.CaseId]);
        entries[1].Actor.ShouldBe("auditor-li");
        entries[1].Role.ShouldBe("national");
        entries[2].RecordIds.ShouldBe([opened.CaseId, relic.RelicId]);
        entries[3].RecordIds.ShouldBe([opened.CaseId]);
        entries[4].RecordIds.ShouldBe([opened.CaseId]);
        entries.ShouldAllBe(e => e.At.ToDateTimeOffset() >= started);

        var forRelic = await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(new ListAuditEntriesRequest { RecordId = relic.RelicId });
        forRelic.Entries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_provincial_caller_cannot_read_another_provinces_case_and_the_refusal_is_audited()
    {
        var opened = await _host.Cases(TestTokens.National()).OpenCaseAsync(Samples.OpenCase(province: "330000"));

        var ex = await Should.ThrowAsync<RpcException>(_host.Cases(TestTokens.Provincial("510000"))
            .GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }).ResponseAsync);

        ex.StatusCode.ShouldBe(StatusCode.NotFound);
        var entries = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(
            new ListAuditEntriesRequest { RecordId = opened.CaseId, Actor = "provincial-510000-test" })).Entries;
        entries.Count.ShouldBe(1);
        entries[0].Outcome.ShouldBe("NOT_FOUND");
        entries[0].ProvinceCode.ShouldBe("510000");
        entries[0].Method.ShouldEndWith("/GetCase");
    }

    [Fact]
    public async Task Once_joined_a_province_sees_the_case_and_lists_it()
    {
        var national = _host.Cases(TestTokens.National());
        var sichuan = _host.Cases(TestTokens.Provincial("510000"));
        var opened = await national.OpenCaseAsync(Samples.OpenCase(province: "500000"));
        (await sichuan.ListCasesAsync(new ListCasesRequest())).TotalSize.ShouldBe(0);

        var joined = await _host.Cases(TestTokens.Provincial("500000")).JoinCaseAsync(new JoinCaseRequest { CaseId = opened.CaseId, ProvinceCode = "510000" });

        joined.ParticipatingProvinceCodes.ShouldBe(["510000"]);
        (await sichuan.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId })).CaseId.ShouldBe(opened.CaseId);
        (await sichuan.ListCasesAsync(new ListCasesRequest())).Cases.Select(c => c.CaseId).ShouldBe([opened.CaseId]);
        (await national.ListCasesAsync(new ListCasesRequest { ProvinceCode = "510000" })).TotalSize.ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_national_role_sets_supervision_and_only_it_reads_the_audit()
    {
        var opened = await _host.Cases(TestTokens.National()).OpenCaseAsync(Samples.OpenCase());
        var provincial = TestTokens.Provincial("610000");

        var ex = await Should.ThrowAsync<RpcException>(_host.Cases(provincial)
            .SetSupervisionAsync(new SetSupervisionRequest { CaseId = opened.CaseId, Supervision = Supervision.National }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        (await Should.ThrowAsync<RpcException>(_host.Audit(provincial).ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync))
            .StatusCode.ShouldBe(StatusCode.PermissionDenied);

        var supervised = await _host.Cases(TestTokens.National())
            .SetSupervisionAsync(new SetSupervisionRequest { CaseId = opened.CaseId, Supervision = Supervision.National });
        supervised.Supervision.ShouldBe(Supervision.National);
    }

    [Fact]
    public async Task The_service_role_cannot_update_delete_or_truncate_audit_entries()
    {
        await _host.Cases(TestTokens.National()).OpenCaseAsync(Samples.OpenCase());
        var database = _host.Services.GetService(typeof(CasesDatabase)) as CasesDatabase;
        database.ShouldNotBeNull();

        await using (var whoami = database.DataSource.CreateCommand("SELECT current_user"))
        {
            (await whoami.ExecuteScalarAsync()).ShouldBe(CasesDatabase.ServiceRole);
        }

        foreach (var statement in new[] { "UPDATE audit_entries SET outcome = 'OK'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            await using var command = database.DataSource.CreateCommand(statement);
            var ex = await Should.ThrowAsync<PostgresException>(command.ExecuteNonQueryAsync());
            ex.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, statement);
        }

        (await _host.CountAsync("audit_entries")).ShouldBe(1);
    }
}
