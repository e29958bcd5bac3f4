namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>
/// The projection's view of one record of another service (a case, a relic, a site ...). The counters are never
/// incremented by events directly: an event is merged into the record's state (newer versions win, final facts
/// stay), and the counters move by the difference between what the state contributed before and after. So a
/// repeated or out-of-date event, which merges into the same state, moves nothing.
/// </summary>
public interface IProjectedRecord
{
    IEnumerable<Contribution> Counts();

    /// <summary>Relics whose handover falls due; <paramref name="recordId"/> is the record's own id.</summary>
    IEnumerable<HandoverDue> HandoversDue(string recordId) => [];

    /// <summary>
    /// The record as a generation with the given site horizon must count it (only sites differ: see
    /// <see cref="SiteRecord.ObservedBefore"/>).
    /// </summary>
    IProjectedRecord ObservedBefore(DateTimeOffset horizon) => this;
}
