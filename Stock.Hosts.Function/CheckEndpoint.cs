using System.Data.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence;

namespace Stock.Hosts.Function;

/// <summary>
/// <c>GET|POST /?legal_entity=&lt;name&gt;[&amp;marketplace=wb|ozon]</c>: one check of the legal entity, then the relay.
/// Translation only: query to <see cref="CheckStocks"/>, report and failures to the statuses of its contract (docs/contracts.md).
/// </summary>
internal static class CheckEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CheckPolicy checks, [FromServices] MarketplaceRegistry marketplaces, SchemaStartup schema, IOptions<FunctionOptions> options, IHostApplicationLifetime lifetime)
    {
        // Not the request's token: the check finishes what it starts when the caller (Cloud Scheduler) gives up waiting.
        using var timeout = new CancellationTokenSource(options.Value.CheckTimeout);
        using var check = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.ApplicationStopping);
        var cancellationToken = check.Token;
        foreach (var (name, values) in request.Query)
        {
            if (values.Count > 1)
            {
                return Error(StatusCodes.Status400BadRequest, $"{name} is given {values.Count} times: give it once.");
            }
        }

        var legalEntity = request.Query["legal_entity"].ToString();
        if (string.IsNullOrWhiteSpace(legalEntity))
        {
            return Error(StatusCodes.Status400BadRequest, "legal_entity is missing or blank.");
        }

        if (legalEntity.Trim().Length > LegalEntityName.MaxLength)
        {
            return Error(StatusCodes.Status400BadRequest, $"legal_entity is longer than {LegalEntityName.MaxLength} characters.");
        }

        Marketplace? marketplace = null;
        if (request.Query.TryGetValue("marketplace", out var value))
        {
            if (!marketplaces.TryParse(value.ToString(), out var parsed))
            {
                return Error(StatusCodes.Status400BadRequest, $"marketplace '{value}' is not {string.Join(" or ", marketplaces.All.Select(m => m.Marketplace.Code))}.");
            }

            marketplace = parsed;
        }

        try
        {
            await schema.EnsureAsync(cancellationToken);
            var report = await checks.CheckThenRelayAsync(new CheckStocks(legalEntity, marketplace), cancellationToken);
            var ok = report.Succeeded && !report.EventsPending;
            var body = new
            {
                status = ok ? "success" : "error",
                error = ok ? null : string.Join("; ", report.Marketplaces.Where(m => !m.Succeeded).Select(m => m.Error).Append(report.EventsPending ? report.Relay!.PendingLine : null).OfType<string>()),
                legal_entity = report.LegalEntity,
                products = report.Products,
                events = report.Events.ByType.ToDictionary(c => c.Key.Name, c => c.Value), // in the catalogue's order
                marketplaces = report.Marketplaces.ToDictionary(m => m.Marketplace.ToWire(), m => m.Error ?? "ok"),
                relay = report.Relay is { } relay ? new { published = relay.Published, suppressed = relay.Suppressed, pending = relay.Pending, error = relay.Error } : null,
            };
            return ok
                ? Results.Json(new { body.status, body.legal_entity, body.products, body.events, body.marketplaces })
                : Results.Json(body, statusCode: StatusCodes.Status502BadGateway);
        }
        catch (RequestRejectedException ex)
        {
            return Error(
                ex.Reason switch
                {
                    RequestRejection.UnknownLegalEntity => StatusCodes.Status404NotFound,
                    RequestRejection.AlreadyRunning => StatusCodes.Status409Conflict,
                    RequestRejection.UnreadableKey => StatusCodes.Status503ServiceUnavailable, // the deployment's keys, not the request
                    _ => StatusCodes.Status400BadRequest,
                },
                ex.Message);
        }
        catch (ServiceUnavailableException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, ex.Message.ReplaceLineEndings(" "));
        }
        catch (Exception ex) when (ex is StockDatabaseException or DbException || ex.InnerException is DbException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"the database failed: {ErrorText.Of(ex)}");
        }
    }


    private static IResult Error(int status, string error) => Results.Json(new { status = "error", error }, statusCode: status);
}
