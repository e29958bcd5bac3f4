using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Matching;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Matching;

public sealed class SoughtRelicSearchTests : IDisposable
{
    private static readonly Guid ShaanxiCase = Guid.NewGuid();
    private static readonly Guid ZhejiangCase = Guid.NewGuid();
    private readonly SoughtRelicIndex _index = new();
    private readonly MatchSettings _settings = new();

    public SoughtRelicSearchTests() =>
        _index.Apply([], [new CaseProvinces(ShaanxiCase, ["610000"]), new CaseProvinces(ZhejiangCase, ["330000"])]);

    [Fact]
    public void The_relic_sharing_most_of_the_description_ranks_first()
    {
        var vase = Sought(ShaanxiCase, "Ming blue-and-white porcelain vase with dragons among clouds, chip on the rim");
        var bowl = Sought(ShaanxiCase, "Ming blue-and-white porcelain bowl with lotus scrolls");
        var mirror = Sought(ShaanxiCase, "Tang bronze mirror with grapevines and beasts");
        _index.Apply([vase, bowl, mirror], []);

        var found = Search("blue and white vase, Ming, dragons and clouds, rim chipped");

        found[0].ShouldBe(vase.RelicId);
        found.ShouldNotContain(mirror.RelicId);
    }

    [Fact]
    public void A_relic_no_longer_sought_is_not_offered_and_is_offered_again_when_sought_again()
    {
        var lion = Sought(ShaanxiCase, "石灰岩石狮 左耳残缺");
        _index.Apply([lion], []);
        _index.Apply([lion with { Sought = false, Columns = null }], []);

        Search("石狮 左耳残缺").ShouldBeEmpty();
        _index.SoughtCount.ShouldBe(0);

        _index.Apply([lion with { Columns = null }], []);
        Search("石狮 左耳残缺").ShouldBe([lion.RelicId]);
    }

    [Fact]
    public void A_provincial_search_sees_only_relics_of_cases_its_province_takes_part_in()
    {
        var shaanxi = Sought(ShaanxiCase, "bronze tripod cauldron with taotie masks");
        var zhejiang = Sought(ZhejiangCase, "bronze tripod cauldron with taotie masks and thunder pattern");
        _index.Apply([shaanxi, zhejiang], []);

        Search("bronze tripod cauldron taotie", "610000").ShouldBe([shaanxi.RelicId]);

        // Zhejiang's case is joined by Shaanxi: its relic comes into Shaanxi's reach.
        _index.Apply([], [new CaseProvinces(ZhejiangCase, ["330000", "610000"])]);
        Search("bronze tripod cauldron taotie", "610000").ShouldBe([zhejiang.RelicId, shaanxi.RelicId], ignoreOrder: true);
    }

    [Fact]
    public void A_province_with_a_small_share_of_the_list_still_gets_its_best_relics_past_heavier_ones_of_others()
    {
        // 300 Zhejiang relics match the description better than Shaanxi's five; a shortlist of 10 must still reach them.
        var others = Enumerable.Range(0, 300).Select(i => Sought(ZhejiangCase, $"gilt bronze bodhisattva statue arm sawn off {i}")).ToList();
        var own = Enumerable.Range(0, 5).Select(i => Sought(ShaanxiCase, $"gilt bronze statue {i}")).ToList();
        _index.Apply([.. others, .. own], []);
        var settings = new MatchSettings { ShortlistSize = 10 };

        var found = Ids(SoughtRelicSearch.Search(_index,
            new SoughtRelicQuery(MatchText.Terms("gilt bronze bodhisattva statue, one arm sawn off", CjkMode.Bigram), "", [], ""), "610000", settings, 10));

        found.ShouldBe(own.Select(r => r.RelicId), ignoreOrder: true);
    }

    [Fact]
    public void Boosts_the_description_asks_for_decide_between_relics_with_the_same_words()
    {
        var jade = Sought(ShaanxiCase, "disc with dragons", type: "jade/bi", period: "Han");
        var other = Sought(ShaanxiCase, "disc with dragons", type: "ceramics/plate", period: "Qing");
        _index.Apply([other, jade], []);

        var found = SoughtRelicSearch.Search(_index,
            new SoughtRelicQuery(MatchText.Terms("disc with dragons", CjkMode.Bigram), "jade/bi", [], MatchText.PeriodKey("Han")), null, _settings, 2);

        Ids(found).ShouldBe([jade.RelicId, other.RelicId]);
        found[0].PartialScore.ShouldBeGreaterThan(found[1].PartialScore);
    }

    [Fact]
    public void A_search_walks_no_more_posting_entries_than_its_budget_beyond_the_rarest_term()
    {
        // 50 relics share "bronze"; one also carries the rare "inscribed". With a budget below 50, only the rare
        // term's postings are walked, and the relic carrying it is still found.
        var common = Enumerable.Range(0, 50).Select(_ => Sought(ShaanxiCase, "bronze bell")).ToList();
        var rare = Sought(ShaanxiCase, "bronze bell inscribed");
        _index.Apply([.. common, rare], []);
        var settings = new MatchSettings { PostingBudget = 10 };

        var found = Ids(SoughtRelicSearch.Search(_index, new SoughtRelicQuery(MatchText.Terms("inscribed bronze bell", CjkMode.Bigram), "", [], ""), null, settings, 5));

        found.ShouldBe([rare.RelicId]);
    }

    [Fact]
    public void A_relic_carrying_only_the_commonest_term_is_found_when_the_heavier_ones_are_out_of_the_callers_reach()
    {
        // Zhejiang's 20 relics carry the rarer "gilt" and "statue" and outweigh any relic carrying "weathered" alone, which
        // the search then leaves aside; none of them is within Shaanxi's reach, so Shaanxi's weathered bell must come back.
        var heavier = Enumerable.Range(0, 20).Select(i => Sought(ZhejiangCase, $"gilt statue lotus {i}")).ToList();
        var common = Enumerable.Range(0, 60).Select(i => Sought(ZhejiangCase, $"weathered {i}")).ToList();
        var bell = Sought(ShaanxiCase, "weathered bell");
        _index.Apply([.. heavier, .. common, bell], []);
        var settings = new MatchSettings { ShortlistSize = 5 };
        var query = new SoughtRelicQuery(MatchText.Terms("gilt weathered statue", CjkMode.Bigram), "", [], "");

        var national = Ids(SoughtRelicSearch.Search(_index, query, null, settings, 5));
        var shaanxi = Ids(SoughtRelicSearch.Search(_index, query, "610000", settings, 5));

        national.ShouldBeSubsetOf(heavier.Select(r => r.RelicId));
        shaanxi.ShouldBe([bell.RelicId]);
    }

    public void Dispose() => _index.Dispose();

    private List<Guid> Search(string text, string? province = null) =>
        Ids(SoughtRelicSearch.Search(_index, new SoughtRelicQuery(MatchText.Terms(text, CjkMode.Bigram), "", [], ""), province, _settings, 10));

    private static List<Guid> Ids(IEnumerable<SoughtRelicCandidate> found) => [.. found.Select(c => c.RelicId)];

    private static SoughtRelicState Sought(Guid caseId, string text, string type = "", string period = "")
    {
        var description = new ObjectDescription(type, text, [], [], Measurements.None, "", period, "", "", "", "", [], "", "");
        return new SoughtRelicState(Guid.NewGuid(), caseId, Sought: true, MatchColumns.Of(description, CjkMode.Bigram));
    }
}
