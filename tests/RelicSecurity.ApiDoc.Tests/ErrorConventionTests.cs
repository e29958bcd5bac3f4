using RelicSecurity.ApiDoc;
using Shouldly;
using Xunit;

namespace RelicSecurity.ApiDoc.Tests;

public sealed class ErrorConventionTests
{
    [Fact]
    public void Error_lines_become_the_methods_errors_and_the_rest_stays_prose()
    {
        var doc = DocComment.Parse(
            " Registers a site.\n Error INVALID_ARGUMENT: a field is malformed.\n Repeats are harmless.\n Error NOT_FOUND: no such site.\n",
            "test");

        doc.Text.ShouldBe("Registers a site.\nRepeats are harmless.");
        doc.Errors.ShouldBe([new DeclaredError("INVALID_ARGUMENT", "a field is malformed."), new DeclaredError("NOT_FOUND", "no such site.")]);
    }

    [Fact]
    public void An_error_line_naming_no_grpc_status_is_rejected()
    {
        var failure = Should.Throw<InvalidDataException>(() => DocComment.Parse(" Error NOT_THERE: never.", "sites.proto: SiteService.GetSite"));

        failure.Message.ShouldContain("sites.proto: SiteService.GetSite");
        failure.Message.ShouldContain("NOT_THERE");
    }

    [Fact]
    public void A_status_declared_twice_on_one_method_is_rejected() =>
        Should.Throw<InvalidDataException>(() => DocComment.Parse(" Error NOT_FOUND: one.\n Error NOT_FOUND: two.", "test"));

    [Fact]
    public void A_pipe_in_a_comment_does_not_break_the_table() =>
        Markdown.Cell("a | b").ShouldBe("a \\| b");
}
