using MassTransit;
using Microsoft.Extensions.Logging;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Inspections.Application;
using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Consumers;

/// <summary>
/// Feeds a site's risk changes to the RISK_TRIGGERED rule (<see cref="RiskTriggeredPlanner"/>): a rise into HIGH or
/// CRITICAL plans an inspection within 14 days unless one is PLANNED or IN_PROGRESS for the site, in which case the
/// rise is remembered and settled when those inspections close. Not on the inbox: the planner decides, remembers and
/// inserts in one transaction under a per-site lock and orders changes by their ChangedAt, so a redelivery or a copy
/// under another id is a rise already handled, and the message id is also the new inspection's request_id.
/// </summary>
public sealed partial class SiteRiskChangedConsumer(RiskTriggeredPlanner planner, ILogger<SiteRiskChangedConsumer> logger)
    : IConsumer<SiteRiskChanged>
{
    public async Task Consume(ConsumeContext<SiteRiskChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        if (!Guid.TryParse(message.SiteId, out var siteId) || LevelOf(message.OldLevel) is not { } from || LevelOf(message.NewLevel) is not { } to)
        {
            LogUnreadable(logger, message.SiteId, message.OldLevel, message.NewLevel);
            return;
        }

        var triggerId = (context.MessageId ?? throw new InvalidOperationException("SiteRiskChanged arrived without a message id.")).ToString();
        var planned = await planner.PlanIfDueAsync(new SiteRiskChange(siteId, message.ProvinceCode, from, to, message.ChangedAt), triggerId, context.CancellationToken);
        if (planned is not null)
        {
            LogPlanned(logger, planned.InspectionId, message.SiteId, message.NewLevel);
        }
    }

    private static SiteRiskLevel? LevelOf(string level) => level switch
    {
        "LOW" => SiteRiskLevel.Low,
        "MEDIUM" => SiteRiskLevel.Medium,
        "HIGH" => SiteRiskLevel.High,
        "CRITICAL" => SiteRiskLevel.Critical,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned RISK_TRIGGERED inspection {InspectionId} for site {SiteId} (risk now {Level})")]
    private static partial void LogPlanned(ILogger logger, Guid inspectionId, string siteId, string level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a SiteRiskChanged of site {SiteId} with levels {From} → {To} this service cannot read")]
    private static partial void LogUnreadable(ILogger logger, string siteId, string from, string to);
}
