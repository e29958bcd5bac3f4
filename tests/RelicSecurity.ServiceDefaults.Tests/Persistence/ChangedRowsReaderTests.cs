using Npgsql;
using RelicSecurity.ServiceDefaults.Persistence;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Persistence;

[Collection("servers")]
public sealed class ChangedRowsReaderTests(LocalServersFixture servers)
{
    [Fact]
    public async Task The_first_read_is_whole_and_the_next_reads_what_changed_since()
    {
        await using var dataSource = await ThingsAsync();
        await InsertAsync(dataSource, 1);
        var reader = new ChangedRowsReader();

        (await ReadAsync(reader, dataSource)).ShouldBe([1]);
        await InsertAsync(dataSource, 2);

        // Not exactly [2]: the horizon is the cluster's oldest running transaction, so a row may come again.
        (await ReadAsync(reader, dataSource)).ShouldContain(2);
    }

    [Fact]
    public async Task A_transaction_that_commits_after_a_later_one_is_not_missed()
    {
        await using var dataSource = await ThingsAsync();
        var reader = new ChangedRowsReader();
        (await ReadAsync(reader, dataSource)).ShouldBeEmpty();

        // A starts first and writes, but commits last; B writes and commits in between two reads.
        await using var slow = await dataSource.OpenConnectionAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await using (var early = new NpgsqlCommand("INSERT INTO things (id) VALUES (1)", slow, slowTransaction))
        {
            await early.ExecuteNonQueryAsync();
        }

        await InsertAsync(dataSource, 2);
        (await ReadAsync(reader, dataSource)).ShouldBe([2]);
        await slowTransaction.CommitAsync();

        (await ReadAsync(reader, dataSource)).ShouldContain(1);
    }

    [Fact]
    public async Task Until_a_read_is_marked_applied_the_next_read_is_whole_again()
    {
        await using var dataSource = await ThingsAsync();
        await InsertAsync(dataSource, 1);
        var reader = new ChangedRowsReader();

        await using (var unapplied = await reader.BeginReadAsync(dataSource, CancellationToken.None))
        {
            unapplied.IsFirst.ShouldBeTrue();
            await unapplied.CommitAsync(CancellationToken.None);
        }

        reader.IsLoaded.ShouldBeFalse();
        (await ReadAsync(reader, dataSource)).ShouldBe([1]);
        reader.IsLoaded.ShouldBeTrue();
    }

    private async Task<NpgsqlDataSource> ThingsAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("changed_rows"));
        await using var create = dataSource.CreateCommand(
            "CREATE TABLE things (id int PRIMARY KEY, written_by_xact xid8 NOT NULL DEFAULT pg_current_xact_id())");
        await create.ExecuteNonQueryAsync();
        return dataSource;
    }

    private static async Task InsertAsync(NpgsqlDataSource dataSource, int id)
    {
        await using var insert = dataSource.CreateCommand($"INSERT INTO things (id) VALUES ({id})");
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>One read as a copy would do it: whole table first, then the changes; applied at once.</summary>
    private static async Task<List<int>> ReadAsync(ChangedRowsReader reader, NpgsqlDataSource dataSource)
    {
        await using var read = await reader.BeginReadAsync(dataSource, CancellationToken.None);
        await using var select = read.Command(read.IsFirst ? "SELECT id FROM things ORDER BY id" : $"SELECT id FROM things WHERE {read.ChangedSince()} ORDER BY id");
        var ids = new List<int>();
        await using (var rows = await select.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                ids.Add(rows.GetInt32(0));
            }
        }

        await read.CommitAsync(CancellationToken.None);
        read.MarkApplied();
        return ids;
    }
}
