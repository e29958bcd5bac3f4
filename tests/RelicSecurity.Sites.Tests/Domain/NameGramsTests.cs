using RelicSecurity.Sites.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Domain;

public sealed class NameGramsTests
{
    [Fact]
    public void A_name_yields_its_characters_and_character_pairs_lower_cased()
    {
        NameGrams.Of("龙门Ab").Order(StringComparer.Ordinal).ShouldBe(
            new[] { "a", "ab", "b", "门", "门a", "龙", "龙门" }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Whitespace_is_not_a_gram_and_pairs_do_not_span_it()
    {
        NameGrams.Of("A B").Order(StringComparer.Ordinal).ShouldBe(["a", "b"]);
    }

    [Theory]
    [InlineData("云冈石窟第二十窟", "石窟")]
    [InlineData("Longmen Grottoes", "GROTTO")]
    [InlineData("大雁塔", "塔")]
    public void Every_gram_of_a_contained_query_is_a_gram_of_the_name(string name, string query)
    {
        NameGrams.Of(query).Except(NameGrams.Of(name)).ShouldBeEmpty();
    }

    [Fact]
    public void A_query_with_pairs_is_matched_by_its_pairs_only()
    {
        NameGrams.ForQuery("石窟寺").Order(StringComparer.Ordinal).ShouldBe(new[] { "石窟", "窟寺" }.Order(StringComparer.Ordinal));
        NameGrams.ForQuery("塔").ShouldBe(["塔"]);
    }

    [Fact]
    public void A_site_stores_its_grams_scoped_by_its_province_and_a_province_query_asks_for_the_same_form()
    {
        NameGrams.Indexed("大雁塔", "610000").Order(StringComparer.Ordinal).ShouldBe(
            new[] { "610000:大", "610000:大雁", "610000:雁", "610000:雁塔", "610000:塔" }.Order(StringComparer.Ordinal));
        NameGrams.ForQuery("雁塔", "610000").ShouldBe(["610000:雁塔"]);
        NameGrams.ForQuery("雁塔", "610000").Except(NameGrams.Indexed("大雁塔", "610000")).ShouldBeEmpty();
        NameGrams.ForQuery("雁塔", "110000").Intersect(NameGrams.Indexed("大雁塔", "610000")).ShouldBeEmpty();
    }
}
