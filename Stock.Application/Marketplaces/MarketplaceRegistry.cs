using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Marketplaces;

/// <summary>
/// The marketplaces this deployment can read, in the order they were registered (the order of checks, tables and
/// reports): each a <see cref="MarketplaceDefinition"/> and its <see cref="IMarketplaceClient"/>. A marketplace that is
/// not registered is refused by name, never taken for another.
/// </summary>
public sealed class MarketplaceRegistry
{
    private readonly Dictionary<Marketplace, (int Order, MarketplaceDefinition Definition)> _definitions = [];
    private readonly Dictionary<Marketplace, IMarketplaceClient> _clients = [];

    /// <summary>Builds the registry from the registered definitions and clients.</summary>
    /// <exception cref="InvalidOperationException">A marketplace is registered twice, or has a definition without a client or a client without one.</exception>
    public MarketplaceRegistry(IEnumerable<MarketplaceDefinition> definitions, IEnumerable<IMarketplaceClient> clients)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var definition in definitions)
        {
            if (!_definitions.TryAdd(definition.Marketplace, (_definitions.Count, definition)))
            {
                throw new InvalidOperationException($"The marketplace {definition.Marketplace.ToWire()} is registered twice.");
            }
        }

        foreach (var client in clients)
        {
            if (!_definitions.ContainsKey(client.Marketplace))
            {
                throw new InvalidOperationException($"A client of {client.Marketplace.ToWire()} is registered without its definition.");
            }

            if (!_clients.TryAdd(client.Marketplace, client))
            {
                throw new InvalidOperationException($"The marketplace {client.Marketplace.ToWire()} has two clients.");
            }
        }

        if (_definitions.Keys.FirstOrDefault(m => !_clients.ContainsKey(m)) is { Code.Length: > 0 } missing)
        {
            throw new InvalidOperationException($"The marketplace {missing.ToWire()} is registered without a client.");
        }

        All = [.. _definitions.Values.OrderBy(d => d.Order).Select(d => d.Definition)];
    }

    /// <summary>Every registered marketplace, in registration order.</summary>
    public IReadOnlyList<MarketplaceDefinition> All { get; }

    /// <summary>The registered marketplace with the code <paramref name="code"/> (any case).</summary>
    /// <exception cref="RequestRejectedException">No registered marketplace has that code (<see cref="RequestRejection.InvalidInput"/>); the message names the ones that are.</exception>
    public Marketplace Parse(string? code) =>
        TryParse(code, out var marketplace)
            ? marketplace
            : throw new RequestRejectedException(RequestRejection.InvalidInput, $"Unknown marketplace '{code}': expected {string.Join(" or ", All.Select(d => $"'{d.Marketplace.ToWire()}'"))}.");

    /// <summary>Whether <paramref name="code"/> names a registered marketplace.</summary>
    public bool TryParse(string? code, out Marketplace marketplace)
    {
        marketplace = All.FirstOrDefault(d => string.Equals(d.Marketplace.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))?.Marketplace ?? default;
        return marketplace.Code.Length > 0;
    }

    /// <summary>The definition of <paramref name="marketplace"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not registered.</exception>
    public MarketplaceDefinition Definition(Marketplace marketplace) =>
        _definitions.TryGetValue(marketplace, out var found) ? found.Definition : throw NotRegistered(marketplace);

    /// <summary>The client that reads <paramref name="marketplace"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not registered.</exception>
    public IMarketplaceClient Client(Marketplace marketplace) =>
        _clients.TryGetValue(marketplace, out var client) ? client : throw NotRegistered(marketplace);

    /// <summary>The position of <paramref name="marketplace"/> in <see cref="All"/>; after all of them when it is not registered.</summary>
    public int OrderOf(Marketplace marketplace) => _definitions.TryGetValue(marketplace, out var found) ? found.Order : int.MaxValue;

    private InvalidOperationException NotRegistered(Marketplace marketplace) =>
        new($"No marketplace '{marketplace.Code}' is registered here (registered: {string.Join(", ", All.Select(d => d.Marketplace.Code))}).");
}

/// <summary>Registers a marketplace's definition and adapter together.</summary>
public static class MarketplaceRegistration
{
    /// <summary>
    /// Registers <paramref name="definition"/> and its client <typeparamref name="TClient"/> (a singleton, or the
    /// instance already registered as <typeparamref name="TClient"/>): what a
    /// marketplace's adapter calls, or a team that brings its own marketplace (docs/architecture.md, "Add a marketplace").
    /// </summary>
    public static IServiceCollection AddMarketplace<TClient>(this IServiceCollection services, MarketplaceDefinition definition)
        where TClient : class, IMarketplaceClient
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        services.AddSingleton(definition);
        services.TryAddSingleton<TClient>();
        services.AddSingleton<IMarketplaceClient>(sp => sp.GetRequiredService<TClient>());
        services.TryAddSingleton<MarketplaceRegistry>();
        return services;
    }
}
