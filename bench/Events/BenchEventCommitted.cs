namespace RelicSecurity.Bench.Events;

/// <summary>The benchmark's event: which run it belongs to and its number in that run.</summary>
public sealed record BenchEventCommitted(int Run, int Number);
