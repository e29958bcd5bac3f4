namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>Where the consumer hands the message it received to the waiting test.</summary>
public sealed class ConsumedMessages
{
    public TaskCompletionSource<RelicRecovered> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
