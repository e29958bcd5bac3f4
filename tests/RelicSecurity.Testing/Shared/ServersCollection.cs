using Xunit;

namespace RelicSecurity.Testing;

/// <summary>
/// The "servers" test collection: every class marked <c>[Collection("servers")]</c> shares one
/// <see cref="LocalServersFixture"/>. xunit 2 reads collection definitions only from the test
/// assembly itself, so this file is compiled into each test project that references
/// RelicSecurity.Testing (tests/Directory.Build.targets), not into RelicSecurity.Testing.
/// </summary>
[CollectionDefinition("servers")]
public sealed class ServersCollection : ICollectionFixture<LocalServersFixture>;
