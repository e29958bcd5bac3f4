using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

/// <summary>
/// A client that retries before its first answer arrives sends the same request_id side by side: every copy must be
/// answered with the one record the first stored, never with an error and never with a second record.
/// </summary>
[Collection("servers")]
public sealed class RepeatedRequestTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const int Copies = 20;
    private CasesServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await CasesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Twenty_concurrent_RegisterRelic_calls_with_one_request_id_all_answer_the_same_relic()
    {
        var cases = _host.Cases(TestTokens.Provincial("610000"));
        var opened = await cases.OpenCaseAsync(Samples.OpenCase());
        var request = new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic(), RequestId = "retry-storm-relic" };

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => cases.RegisterRelicAsync(request).ResponseAsync));

        answers.Select(r => r.RelicId).Distinct().ShouldHaveSingleItem();
        answers.ShouldAllBe(r => r.Equals(answers[0]));
        (await _host.CountAsync("relics")).ShouldBe(1);
        (await _host.CountAsync("messaging.outbox WHERE message_type LIKE '%RelicRegistered%'")).ShouldBe(1);
        var entries = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(
            new ListAuditEntriesRequest { RecordId = answers[0].RelicId, PageSize = 100 })).Entries;
        entries.Count.ShouldBe(Copies);
        entries.ShouldAllBe(e => e.Outcome == "OK" && e.Method.EndsWith("/RegisterRelic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Twenty_concurrent_OpenCase_calls_with_one_request_id_all_answer_the_same_case_and_spend_one_number()
    {
        var cases = _host.Cases(TestTokens.Provincial("610000"));
        var request = Samples.OpenCase(requestId: "retry-storm-case");

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => cases.OpenCaseAsync(request).ResponseAsync));

        answers.Select(c => c.CaseId).Distinct().ShouldHaveSingleItem();
        answers.ShouldAllBe(c => c.Equals(answers[0]));
        (await _host.CountAsync("cases")).ShouldBe(1);
        var next = await cases.OpenCaseAsync(Samples.OpenCase(requestId: "the-next-case"));
        next.CaseNumber.ShouldEndWith("-0002");
    }
}
