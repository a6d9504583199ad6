using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Hosting;
using Npgsql;

namespace ActorStudio.Node.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public const string JournalSectionName = "Studio:Journal";

    /// <summary>
    /// The journal the session actors write to, chosen by <see cref="StudioMode"/>: SQLite (<c>data/journal.db</c>)
    /// or PostgreSQL (<c>Studio:Postgres:ConnectionString</c>, required in cluster mode: the node refuses to start
    /// without it). Registers <see cref="PersistenceSettings"/>, <see cref="IJournal"/>, the journal readiness check
    /// and, in cluster mode, the shared <see cref="NpgsqlDataSource"/>.
    /// </summary>
    public static WebApplicationBuilder AddStudioPersistence(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var mode = StudioModeConfiguration.Read(builder.Configuration);
        var services = builder.Services;
        var journalOptions = builder.Configuration.GetSection(JournalSectionName).Get<JournalOptions>() ?? new JournalOptions();
        services.AddSingleton(journalOptions);
        if (mode == StudioMode.Cluster)
        {
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
        }

        services.AddSingleton(sp => new JournalStore(
            mode,
            sp.GetRequiredService<StudioPaths>(),
            journalOptions,
            sp.GetService<NpgsqlDataSource>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IJournal>(sp => new DeferredJournal(sp.GetRequiredService<JournalStore>()));
        services.AddSingleton(sp => new PersistenceSettings(
            sp.GetRequiredService<IJournal>(),
            new DeferredSnapshotStore(sp.GetRequiredService<JournalStore>()),
            new EventSerializerRegistry()));
        services.AddReadinessCheck<JournalReadinessCheck>();
        return builder;
    }
}
