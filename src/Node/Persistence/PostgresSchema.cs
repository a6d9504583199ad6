using Npgsql;

namespace ActorStudio.Node.Persistence;

/// <summary>Creates and migrates the journal tables at start-up, under an advisory lock so several nodes starting
/// together do not race; the version lives in <c>schema_version</c>. A new database is created at v1 and migrated like
/// an old one, so every database takes the same path.</summary>
public static class PostgresSchema
{
    public const int Version = 2;

    private const long MigrationLockKey = 0x4163746f72537464; // "ActorStd"

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey});", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var versionTable = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version integer NOT NULL);", connection, transaction))
        {
            await versionTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version WHERE component = 'journal'", connection, transaction))
        {
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        }

        if (current > Version)
        {
            throw new InvalidOperationException($"The journal schema in PostgreSQL is version {current}, newer than this build's {Version}.");
        }

        if (current < 1)
        {
            await using var create = new NpgsqlCommand("""
                CREATE TABLE journal (
                    ordering bigint GENERATED ALWAYS AS IDENTITY,
                    persistence_id text NOT NULL,
                    sequence_nr bigint NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    writer_epoch bigint NOT NULL,
                    event_type text NOT NULL,
                    event_version integer NOT NULL,
                    payload bytea NOT NULL,
                    PRIMARY KEY (persistence_id, sequence_nr)
                );
                CREATE UNIQUE INDEX journal_ordering_idx ON journal (ordering);
                CREATE TABLE journal_streams (
                    persistence_id text PRIMARY KEY,
                    highest_sequence_nr bigint NOT NULL,
                    writer_epoch bigint NOT NULL
                );
                CREATE TABLE snapshots (
                    persistence_id text NOT NULL,
                    sequence_nr bigint NOT NULL,
                    created_at timestamptz NOT NULL,
                    state_type text NOT NULL,
                    state_version integer NOT NULL,
                    payload bytea NOT NULL,
                    PRIMARY KEY (persistence_id, sequence_nr)
                );
                INSERT INTO schema_version (component, version) VALUES ('journal', 1)
                    ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version;
                """, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (current < 2)
        {
            // v2: persistence ids compare bytewise (COLLATE "C"). They are opaque keys, so locale rules buy nothing,
            // and every primary-key insert and lookup paid for strcoll() under the database's default locale.
            // Changing only the collation keeps the rows (no table rewrite); PostgreSQL rebuilds the indexes.
            await using var collate = new NpgsqlCommand("""
                ALTER TABLE journal ALTER COLUMN persistence_id TYPE text COLLATE "C";
                ALTER TABLE journal_streams ALTER COLUMN persistence_id TYPE text COLLATE "C";
                ALTER TABLE snapshots ALTER COLUMN persistence_id TYPE text COLLATE "C";
                INSERT INTO schema_version (component, version) VALUES ('journal', 2)
                    ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version;
                """, connection, transaction);
            await collate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
