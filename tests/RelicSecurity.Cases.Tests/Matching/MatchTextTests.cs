using RelicSecurity.Cases.Matching;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Matching;

public sealed class MatchTextTests
{
    [Fact]
    public void Chinese_runs_become_overlapping_bigrams_in_bigram_mode() =>
        MatchText.Terms("饕餮纹", CjkMode.Bigram).ShouldBe(["c_taotie", "饕餮", "餮纹"]);

    [Fact]
    public void Chinese_runs_give_only_glossary_concepts_in_trigram_mode() =>
        MatchText.Terms("青铜鼎", CjkMode.Trigram).ShouldBe(["c_bronze", "c_ding"], ignoreOrder: true);

    [Fact]
    public void Synonyms_and_translations_meet_in_one_concept()
    {
        MatchText.Terms("porcelain vase", CjkMode.Bigram).ShouldContain("c_ceramic");
        MatchText.Terms("瓷瓶", CjkMode.Bigram).ShouldContain("c_ceramic");
        MatchText.Terms("bottle", CjkMode.Bigram).ShouldContain("c_vase");
        MatchText.Terms("瓷瓶", CjkMode.Bigram).ShouldContain("c_vase");
    }

    [Fact]
    public void English_words_are_lower_cased_without_stop_words_or_a_plural_s() =>
        MatchText.Terms("The Dragons of Jade", CjkMode.Bigram).ShouldBe(["dragon", "c_dragon", "jade", "c_jade"], ignoreOrder: true);

    [Fact]
    public void Period_and_material_keys_ignore_language_and_type_keys_ignore_case()
    {
        MatchText.PeriodKey("明代").ShouldBe(MatchText.PeriodKey("Ming dynasty"));
        MatchText.TypeKey("Ceramics / Jar").ShouldBe("ceramics/jar");
        MatchText.MaterialKeys(["porcelain"]).ShouldBe(MatchText.MaterialKeys(["瓷"]));
    }
}
