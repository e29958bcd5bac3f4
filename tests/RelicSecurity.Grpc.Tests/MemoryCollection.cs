namespace RelicSecurity.Grpc.Tests;

/// <summary>
/// Tests that measure the process's GC heap run alone: other test classes allocating in parallel
/// would make the baseline meaningless.
/// </summary>
[CollectionDefinition("memory", DisableParallelization = true)]
public sealed class MemoryCollection;
