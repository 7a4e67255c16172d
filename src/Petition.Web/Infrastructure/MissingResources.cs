using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace Petition.Web.Infrastructure;

/// <summary>One English lookup that found no resource: the resource (view or type) and the Korean key.</summary>
public sealed record MissingResource(string Resource, string Key, string Path);

/// <summary>
/// The lookups that found no English resource, collected while <c>Localization:RecordMissing</c> is true (tests turn it
/// on to prove every page renders in English without a missing string).
/// </summary>
public sealed class MissingResourceCollector(IHttpContextAccessor http)
{
    private readonly ConcurrentQueue<MissingResource> _missing = new();

    public IReadOnlyList<MissingResource> Missing => [.. _missing];

    public void Clear() => _missing.Clear();

    internal void Record(string resource, string key) =>
        _missing.Enqueue(new MissingResource(resource, key, http.HttpContext?.Request.Path.Value ?? string.Empty));
}

/// <summary>Wraps the resource-file localizers and records every English lookup that found nothing.</summary>
internal sealed class RecordingStringLocalizerFactory(IStringLocalizerFactory inner, MissingResourceCollector collector) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) =>
        new RecordingStringLocalizer(inner.Create(resourceSource), resourceSource.FullName ?? resourceSource.Name, collector);

    public IStringLocalizer Create(string baseName, string location) =>
        new RecordingStringLocalizer(inner.Create(baseName, location), baseName, collector);

    private sealed class RecordingStringLocalizer(IStringLocalizer inner, string resource, MissingResourceCollector collector) : IStringLocalizer
    {
        public LocalizedString this[string name] => Check(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Check(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Check(LocalizedString value)
        {
            if (value.ResourceNotFound && PortalLocalization.IsEnglish)
            {
                collector.Record(resource, value.Name);
            }

            return value;
        }
    }
}

public static class MissingResourceRegistration
{
    /// <summary>The configuration switch that turns the missing-resource check on.</summary>
    public const string Switch = "Localization:RecordMissing";

    /// <summary>Registers <see cref="PortalText"/> and, when <see cref="Switch"/> is true, the recording localizer factory.</summary>
    public static IServiceCollection AddPortalMessages(this IServiceCollection services)
    {
        services.AddSingleton<PortalText>();
        services.AddSingleton<MissingResourceCollector>();
        services.TryAddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory>(sp =>
        {
            var inner = sp.GetRequiredService<ResourceManagerStringLocalizerFactory>();
            return sp.GetRequiredService<IConfiguration>().GetValue<bool>(Switch)
                ? new RecordingStringLocalizerFactory(inner, sp.GetRequiredService<MissingResourceCollector>())
                : inner;
        }));
        return services;
    }
}
