using RelicSecurity.Cases.Matching;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Matching;

public sealed class CandidateQueryTests
{
    private static readonly Dictionary<string, double> Shares = new()
    {
        ["c_bronze"] = 0.20, ["c_ming"] = 0.10, ["纹"] = 0.30, ["lion"] = 0.02, ["taotie"] = 0.001,
    };

    private static double Share(string term) => Shares.TryGetValue(term, out var share) ? share : 0.0001;

    [Fact]
    public void On_a_small_list_every_term_finds_candidates() =>
        CandidateQuery.Build(["c_bronze", "lion"], Share, rows: 1_000, budget: 5_000).ShouldBe("'lion' | 'c_bronze'");

    [Fact]
    public void Rare_terms_are_taken_first_and_common_ones_left_to_the_score() =>
        CandidateQuery.Build(["c_bronze", "taotie", "c_ming", "zzz"], Share, rows: 1_000_000, budget: 5_000).ShouldBe("'zzz' | 'taotie'");

    [Fact]
    public void When_every_term_is_common_pairs_of_the_rarest_are_required_together() =>
        CandidateQuery.Build(["c_bronze", "c_ming", "纹"], Share, rows: 1_000_000, budget: 50_000)
            .ShouldBe("('c_ming' & 'c_bronze') | ('c_ming' & '纹')");

    [Fact]
    public void Quotes_in_terms_are_escaped() =>
        CandidateQuery.Build(["o'neil"], Share, rows: 10, budget: 10).ShouldBe("'o''neil'");
}
