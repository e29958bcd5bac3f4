using System.Buffers.Text;
using RelicSecurity.ServiceDefaults.Paging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Paging;

public sealed class KeysetPageTokenTests
{
    private static readonly uint Filters = FilterFingerprint.Of("610000", null, "2");

    [Fact]
    public void A_token_reads_back_as_the_position_it_was_issued_for()
    {
        var position = new KeysetPageToken(Filters, new DateTimeOffset(2026, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(8)), Guid.CreateVersion7());

        var decoded = KeysetPageToken.TryDecode(position.Encode(), Filters);

        decoded.ShouldBe(position);
        decoded!.At.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_token_issued_for_other_filters_is_refused()
    {
        var token = new KeysetPageToken(Filters, DateTimeOffset.UnixEpoch, Guid.CreateVersion7()).Encode();

        KeysetPageToken.TryDecode(token, FilterFingerprint.Of("610000", null, "3")).ShouldBeNull();
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void Garbage_is_not_a_token(string text)
    {
        KeysetPageToken.TryDecode(text, Filters).ShouldBeNull();
    }

    [Fact]
    public void A_token_naming_a_time_beyond_the_calendar_is_refused()
    {
        var valid = Base64Url.DecodeFromChars(new KeysetPageToken(Filters, DateTimeOffset.UnixEpoch, Guid.Empty).Encode());
        for (var i = 5; i < 13; i++)
        {
            valid[i] = 0xFF;
        }

        KeysetPageToken.TryDecode(Base64Url.EncodeToString(valid), Filters).ShouldBeNull();
    }

    [Fact]
    public void The_wire_format_of_tokens_already_handed_out_stays_readable()
    {
        // Version 1, fingerprint, UTC ticks and id big-endian, base64url: what Cases and Inspections issued before the
        // type was shared. A change of format must bump the version, not break this.
        var id = Guid.Parse("0190a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b");
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var token = new KeysetPageToken(0x01020304, at, id).Encode();

        token.ShouldBe("AQECAwQI3kmrlrcAgAGQorPE1X5vipsMHS4_Sls");
        KeysetPageToken.TryDecode(token, 0x01020304).ShouldBe(new KeysetPageToken(0x01020304, at, id));
    }

    [Fact]
    public void The_same_filters_give_the_same_fingerprint_and_different_ones_differ()
    {
        FilterFingerprint.Of("610000", "2").ShouldBe(FilterFingerprint.Of("610000", "2"));
        FilterFingerprint.Of("610000", "2").ShouldNotBe(FilterFingerprint.Of("6100002", ""));
    }

    [Fact]
    public void An_absent_filter_is_not_the_same_as_an_empty_one()
    {
        FilterFingerprint.Of("610000", null).ShouldNotBe(FilterFingerprint.Of("610000", ""));
    }

    [Fact]
    public void The_fingerprint_is_the_same_in_every_process()
    {
        // FNV-1a with a 0x1F separator after each value: a fixed number, never string.GetHashCode.
        FilterFingerprint.Of().ShouldBe(2166136261u);
        FilterFingerprint.Of("a").ShouldBe(unchecked((((2166136261u ^ (uint)'a') * 16777619u) ^ 0x1F) * 16777619u));
    }
}
