using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary>How inspections, findings and orders read in text output, and the dates people type.</summary>
internal static class InspectionView
{
    public static string Line(Inspection inspection) =>
        $"{inspection.InspectionId}  {EnumText.Show(inspection.State)}  {inspection.ProvinceCode}  {inspection.Title}  sites {inspection.SiteIds.Count}  findings {inspection.FindingIds.Count}  {Day(inspection.WindowStart)}..{Day(inspection.WindowEnd)}  version {inspection.Version}";

    public static string Line(Finding finding) =>
        $"{finding.FindingId}  {EnumText.Show(finding.Severity)}  {EnumText.Show(finding.Category)}  site {finding.SiteId}  {finding.Description}";

    public static string Line(RectificationOrder order) =>
        $"{order.OrderId}  {EnumText.Show(order.State)}  finding {order.FindingId}  {order.ResponsibleUnit}  due {Day(order.Deadline)}  version {order.Version}";

    public static async Task<int> PrintAsync(GatewaySession session, IMessage message, string text)
    {
        if (session.Format == OutputFormat.Json)
        {
            await Printer.JsonAsync(session, message);
        }
        else
        {
            await session.Out.WriteLineAsync(text);
        }

        return ExitCodes.Ok;
    }

    /// <summary>A date or date-time as typed (2026-12-31, 2026-12-31T18:00+08:00); a date alone is midnight UTC.</summary>
    public static Timestamp When(string? text, string option)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new InputException($"{option} is required (e.g. 2026-12-31)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? Timestamp.FromDateTimeOffset(when)
            : throw new InputException($"{option}: \"{text}\" is not a date (e.g. 2026-12-31)");
    }

    private static string Day(Timestamp? at) => at is null ? "?" : at.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
