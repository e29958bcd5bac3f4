using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Cases;

/// <summary>How cases and relics read in text output: one line for a result, a table for a list, details for get.</summary>
internal static class CaseView
{
    public static readonly string[] CaseColumns = ["case_id", "number", "stage", "type", "lead", "joined", "supervision", "relics", "title"];

    public static readonly string[] RelicColumns = ["relic_id", "status", "grade", "object_type", "period", "holder", "handover due", "title"];

    public static string Line(Case found) =>
        $"{found.CaseId}  {found.CaseNumber}  {EnumText.Show(found.Stage)}  {EnumText.Show(found.Type)}  lead {found.LeadProvinceCode}" +
        $"{Joined(found)}  supervision {EnumText.Show(found.Supervision)}  relics {found.RelicIds.Count}  version {found.Version}  {found.Title}";

    public static string Line(Relic relic) =>
        $"{relic.RelicId}  {EnumText.Show(relic.Status)}  {EnumText.Show(relic.Grade)}  {relic.ObjectType}  case {relic.CaseId}  holder {Or(relic.CurrentHolder)}  version {relic.Version}  {relic.Title}";

    public static string[] Row(Case found) =>
    [
        found.CaseId, found.CaseNumber, EnumText.Show(found.Stage), EnumText.Show(found.Type), found.LeadProvinceCode,
        string.Join(",", found.ParticipatingProvinceCodes), EnumText.Show(found.Supervision),
        found.RelicIds.Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(found.Title),
    ];

    public static string[] Row(Relic relic) =>
    [
        relic.RelicId, EnumText.Show(relic.Status), EnumText.Show(relic.Grade), Markup.Escape(relic.ObjectType), Markup.Escape(relic.Period),
        Markup.Escape(Or(relic.CurrentHolder)), Day(relic.HandoverDueAt), Markup.Escape(relic.Title),
    ];

    public static IEnumerable<string> Details(Case found)
    {
        ArgumentNullException.ThrowIfNull(found);
        yield return $"case_id:        {found.CaseId}";
        yield return $"number:         {found.CaseNumber}";
        yield return $"title:          {found.Title}";
        yield return $"type:           {EnumText.Show(found.Type)}";
        yield return $"stage:          {EnumText.Show(found.Stage)}";
        yield return $"lead:           {found.LeadProvinceCode} ({EnumText.Show(found.LeadAgency)})";
        yield return $"joined by:      {Or(string.Join(", ", found.ParticipatingProvinceCodes))}";
        yield return $"supervision:    {EnumText.Show(found.Supervision)}";
        yield return $"occurred:       {Moment(found.OccurredAt)}";
        yield return $"summary:        {found.Summary}";
        yield return $"sites:          {Or(string.Join(", ", found.SiteIds))}";
        yield return $"suspects held:  {found.SuspectsDetained}";
        yield return $"relics:         {Or(string.Join(", ", found.RelicIds))}";
        yield return $"version:        {found.Version}";
        foreach (var change in found.History)
        {
            yield return $"  {Moment(change.At)}  {EnumText.Show(change.FromStage)} -> {EnumText.Show(change.ToStage)}  {change.Actor}  {change.Note}";
        }
    }

    public static IEnumerable<string> Details(Relic relic)
    {
        ArgumentNullException.ThrowIfNull(relic);
        var size = relic.Measurements ?? new Measurements();
        yield return $"relic_id:       {relic.RelicId}";
        yield return $"case:           {relic.CaseId}";
        yield return $"title:          {relic.Title}";
        yield return $"object type:    {relic.ObjectType}";
        yield return $"materials:      {Or(string.Join(", ", relic.Materials))}  techniques: {Or(string.Join(", ", relic.Techniques))}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"measurements:   h {size.HeightCm} cm, w {size.WidthCm} cm, d {size.DepthCm} cm, diameter {size.DiameterCm} cm, {size.WeightKg} kg");
        yield return $"period:         {Or(relic.Period)}  maker: {Or(relic.Maker)}  subject: {Or(relic.Subject)}";
        yield return $"inscriptions:   {Or(relic.InscriptionsMarkings)}";
        yield return $"features:       {Or(relic.DistinguishingFeatures)}";
        yield return $"description:    {Or(relic.Description)}";
        yield return $"inventory:      {Or(relic.InventoryNumber)}  origin: {Or(relic.PlaceOfOrigin)}";
        yield return $"grade:          {EnumText.Show(relic.Grade)}";
        yield return $"status:         {EnumText.Show(relic.Status)}  holder: {Or(relic.CurrentHolder)}  handover due: {Day(relic.HandoverDueAt)}";
        yield return $"version:        {relic.Version}";
        foreach (var custody in relic.Custody)
        {
            yield return $"  {Moment(custody.At)}  {EnumText.Show(custody.Kind)}  {custody.Holder}  {custody.Actor}  {custody.Note}";
        }
    }

    public static async Task<int> PrintAsync(GatewaySession session, IMessage message, IEnumerable<string> lines)
    {
        if (session.Format == OutputFormat.Json)
        {
            await Printer.JsonAsync(session, message);
            return ExitCodes.Ok;
        }

        foreach (var line in lines)
        {
            await session.Out.WriteLineAsync(line);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints a list: JSON as it came, or a table and a count line for people.</summary>
    public static async Task<int> PrintTableAsync(GatewaySession session, IMessage message, string[] columns, IEnumerable<string[]> rows, string count)
    {
        if (session.Format == OutputFormat.Json)
        {
            await Printer.JsonAsync(session, message);
            return ExitCodes.Ok;
        }

        var table = Printer.Table(columns);
        foreach (var row in rows)
        {
            table.AddRow(row);
        }

        Printer.Console(session).Write(table);
        await session.Out.WriteLineAsync(count);
        return ExitCodes.Ok;
    }

    public static string Moment(Timestamp? at) => at is null ? "-" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(Timestamp? at) => at is null ? "-" : at.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string NextPage(string token) => token.Length > 0 ? $"; next page: --page-token {token}" : "";

    private static string Joined(Case found) => found.ParticipatingProvinceCodes.Count > 0 ? $" + {string.Join(",", found.ParticipatingProvinceCodes)}" : "";

    private static string Or(string text) => text.Length > 0 ? text : "-";
}
