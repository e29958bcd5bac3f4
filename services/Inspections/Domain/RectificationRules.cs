namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// Rectification orders: at most one active (OPEN or OVERDUE) order per finding; none once an order was
/// verified as passed (the hazard is closed); after a failed verification a new order may follow.
/// Verification settles an active order; an OPEN order whose deadline has come becomes OVERDUE.
/// </summary>
public static class RectificationRules
{
    public static bool IsActive(RectificationState state) => state is RectificationState.Open or RectificationState.Overdue;

    /// <summary>Throws FAILED_PRECONDITION when the finding's existing orders forbid a new one.</summary>
    public static void EnsureCanIssue(Guid findingId, IEnumerable<RectificationState> existingOrders)
    {
        ArgumentNullException.ThrowIfNull(existingOrders);
        var states = existingOrders.ToList();
        if (states.Contains(RectificationState.Verified))
        {
            throw new IllegalTransitionException($"finding \"{findingId}\" was already rectified (an order of it is VERIFIED): its hazard is closed");
        }

        if (states.Any(IsActive))
        {
            throw new IllegalTransitionException(
                $"finding \"{findingId}\" already has an OPEN or OVERDUE order: verify it first (a new order may follow a failed verification)");
        }
    }

    /// <summary>A deadline must lie in the future when the order is issued.</summary>
    public static bool IsAcceptableDeadline(DateTimeOffset deadline, DateTimeOffset now) => deadline > now;

    /// <summary>VERIFIED when passed (the hazard closes), FAILED_VERIFICATION otherwise (it stays open).</summary>
    public static RectificationState Verify(RectificationOrder order, bool passed)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!IsActive(order.State))
        {
            throw new IllegalTransitionException(
                $"order \"{order.OrderId}\" is {ApiNames.Of(order.State)}: only an OPEN or OVERDUE order can be verified" +
                (order.State == RectificationState.FailedVerification ? " (issue a new order for the finding)" : ""));
        }

        return passed ? RectificationState.Verified : RectificationState.FailedVerification;
    }

    /// <summary>Whether the overdue scan takes this order now: still OPEN and its deadline reached.</summary>
    public static bool IsDueForOverdue(RectificationState state, DateTimeOffset deadline, DateTimeOffset now) =>
        state == RectificationState.Open && deadline <= now;
}
