using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Hosting;
using Npgsql;

namespace ActorStudio.Node.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public const string JournalSectionName = "Studio:Journal";

    /// <summary>
    /// Cluster mode (<see cref="StudioMode"/>): the PostgreSQL journal (<c>Studio:Postgres:ConnectionString</c>,
    /// required: the node refuses to start without it) as <see cref="PersistenceSettings"/> and <see cref="IJournal"/>,
    /// the shared <see cref="NpgsqlDataSource"/> and the journal readiness check. Embedded mode registers nothing here:
    /// the sessions part falls back to its SQLite journal (<c>{dataDir}/journal.db</c>). Call before AddStudioSessions.
    /// </summary>
    public static WebApplicationBuilder AddStudioPersistence(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (StudioModeConfiguration.Read(builder.Configuration) != StudioMode.Cluster)
        {
            return builder;
        }

        var services = builder.Services;
        var journalOptions = builder.Configuration.GetSection(JournalSectionName).Get<JournalOptions>() ?? new JournalOptions();
        services.AddSingleton(journalOptions);
        var postgres = builder.Configuration.GetSection(PostgresOptions.SectionName).Get<PostgresOptions>() ?? new PostgresOptions();
        if (string.IsNullOrWhiteSpace(postgres.ConnectionString))
        {
            throw new InvalidOperationException("Studio:Mode=cluster needs Studio:Postgres:ConnectionString (PostgreSQL holds the journal and the leases).");
        }

        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = postgres.MaxPoolSize };
        if (postgres.IdleInTransactionTimeout > TimeSpan.Zero)
        {
            var timeout = $"-c idle_in_transaction_session_timeout={(long)postgres.IdleInTransactionTimeout.TotalMilliseconds}";
            connection.Options = string.IsNullOrWhiteSpace(connection.Options) ? timeout : connection.Options + " " + timeout;
        }

        services.AddSingleton(postgres);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connection.ConnectionString));

        services.AddSingleton(sp => new JournalStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            journalOptions,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IJournal>(sp => new DeferredJournal(sp.GetRequiredService<JournalStore>()));
        services.AddSingleton(sp => new PersistenceSettings(
            sp.GetRequiredService<IJournal>(),
            new DeferredSnapshotStore(sp.GetRequiredService<JournalStore>()),
            new EventSerializerRegistry()));
        return builder;
    }
}
