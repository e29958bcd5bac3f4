namespace RelicSecurity.ServiceDefaults.Messaging.Operations;

/// <summary>Messages moved from an error queue back to the queue they failed in.</summary>
public sealed record RedriveResult(string ErrorQueue, string TargetQueue, IReadOnlyList<string> MessageIds);
