using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorStudio.Node.Hosting;

public static class ReadinessServiceCollectionExtensions
{
    /// <summary>Adds a readiness check (singleton). Adding the same type twice keeps one.</summary>
    public static IServiceCollection AddReadinessCheck<TCheck>(this IServiceCollection services)
        where TCheck : class, IReadinessCheck
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, TCheck>());
        return services;
    }

    /// <summary>Adds an already built readiness check instance.</summary>
    public static IServiceCollection AddReadinessCheck(this IServiceCollection services, IReadinessCheck check)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(check);
        services.AddSingleton(check);
        return services;
    }
}
