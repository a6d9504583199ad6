using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;
using Npgsql;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>Reads a session's journal straight from PostgreSQL and decodes it with the session codecs.</summary>
internal static class ClusterJournal
{
    public sealed record Row(long Seq, long Epoch, object Event);

    /// <summary>An event of a feature outside the core, kept by its type name.</summary>
    public sealed record OtherEvent(string Type);

    public static async Task<IReadOnlyList<Row>> ReadAsync(string connectionString, string sessionId)
    {
        var serializer = new SessionEventJournalSerializer(new SessionFeatureRegistry(SessionFeatures.Core()).Serializer);
        var rows = new List<Row>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence_nr, writer_epoch, event_type, event_version, payload FROM journal WHERE persistence_id = $1 ORDER BY sequence_nr", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = "session-" + sessionId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(2);
            object decoded;
            try
            {
                decoded = serializer.Deserialize(type, reader.GetInt32(3), (byte[])reader[4]);
            }
            catch (InvalidOperationException) when (!type.StartsWith("chat.", StringComparison.Ordinal))
            {
                // Generation, stream and video events need their features' services to decode; the checks here
                // look at sequence numbers, epochs and chat only.
                decoded = new OtherEvent(type);
            }

            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), decoded));
        }

        return rows;
    }

    /// <summary>Sequence numbers are exactly 1..N (the primary key already forbids duplicates) and epochs never go down.</summary>
    public static void AssertContiguous(IReadOnlyList<Row> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.True(rows[i].Seq == i + 1, $"journal seq {rows[i].Seq} at position {i + 1}: a gap or a duplicate");
            if (i > 0)
            {
                Assert.True(rows[i].Epoch >= rows[i - 1].Epoch, $"journal epoch went down at seq {rows[i].Seq}: {rows[i - 1].Epoch} -> {rows[i].Epoch}");
            }
        }
    }

    /// <summary>Every acknowledged chat command is in the journal exactly once, at the acknowledged seq.</summary>
    public static void AssertAckedChatPresentOnce(IReadOnlyList<Row> rows, IEnumerable<KeyValuePair<string, long>> acked)
    {
        var byCommand = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Event is ChatMessagePosted { CommandId: { } commandId })
            {
                if (!byCommand.TryGetValue(commandId, out var seqs))
                {
                    byCommand[commandId] = seqs = [];
                }

                seqs.Add(row.Seq);
            }
        }

        foreach (var (commandId, seq) in acked)
        {
            Assert.True(byCommand.TryGetValue(commandId, out var seqs), $"acknowledged chat {commandId} (seq {seq}) is missing from the journal");
            Assert.True(seqs.Count == 1, $"chat {commandId} is in the journal {seqs.Count} times");
            Assert.Equal(seq, seqs[0]);
        }
    }
}
