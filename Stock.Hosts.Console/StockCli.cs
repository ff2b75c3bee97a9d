using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Alerts;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Hosts.Console.Commands;
using Stock.Hosts.Console.Localization;
using Stock.Infrastructure.Persistence;

namespace Stock.Hosts.Console;

/// <summary>
/// The <c>stock</c> command (docs/contracts.md, the console): parses the command line, composes Stock from configuration
/// (appsettings.json, then environment, then <c>--Section:Key=value</c> arguments), sends one command and maps the
/// outcome to an exit code: 0 ok, 1 a marketplace or a service failed, 2 bad input or unknown legal entity,
/// 3 a check is already running. Errors are one line on stderr.
/// </summary>
public static class StockCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int AlreadyRunning = 3;

    /// <summary>Stopped by SIGINT or SIGTERM before it finished (130; <see cref="StopSignals"/> reports SIGTERM as 143).</summary>
    public const int Stopped = 130;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken) =>
        RunAsync("stock", Commands, args, output, error, environment, cancellationToken);

    /// <summary>
    /// Parses <paramref name="args"/> against the root command that <paramref name="root"/> makes (the <c>stock</c>
    /// commands, or another host's such as the demo's) and runs it: settings given as <c>--Section:Key=value</c> are
    /// configuration, not arguments; a parse error is one line on stderr and exit 2. <paramref name="texts"/> are the
    /// host's own texts (docs/localization.md), looked up before the console's and the report's.
    /// </summary>
    public static async Task<int> RunAsync(string name, Func<CliContext, RootCommand> root, string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken, params ResourceManager[] texts)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = args.Where(IsSetting).ToArray();
        var configuration = Configuration(settings, environment);
        CultureInfo culture;
        try
        {
            culture = CliContext.CultureOf(configuration);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"{name}: {ex.Message}");
            return BadInput;
        }

        var context = new CliContext(configuration, output, error, name, new StockText(culture, [.. texts, ConsoleTexts.ResourceManager]), cancellationToken);
        var parse = root(context).Parse(args.Where(a => !IsSetting(a)).ToArray());
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{name}: {ErrorText.OneLine(parse.Errors[0].Message)} (see '{name} --help')");
            return BadInput;
        }

        // Signals are the host's to handle (StopSignals cancels cancellationToken): System.CommandLine would otherwise
        // return after 2 s while the command still runs, and the process would end with its lease held.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }

    // What the production `stock` does; the demo and the simulated marketplaces are a host of their own (Stock.Hosts.Demo),
    // so that this one, and the container image made of it, holds no simulator (docs/decisions.md, D41).
    private static RootCommand Commands(CliContext context) => new($"Stock watches a seller's stock and sales on Wildberries and Ozon and raises {string.Join(", ", AlertCatalogue.All.Select(a => a.Name))} alerts, and the health of its keys.")
    {
        CheckCommand.Create(context),
        KeysCommand.Create(context),
        RulesCommand.Create(context),
        ReportCommand.Create(context),
        RelayCommand.Create(context),
        MigrateCommand.Create(context),
    };

    /// <summary>Runs one command with Stock composed, turning every known failure into its exit code and one line.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, Func<IServiceProvider, Task<int>> run, Action<MessageRegistry>? listeners = null, Action<IServiceCollection>? services = null)
    {
        try
        {
            using var host = context.BuildHost(listeners, services);
            await host.StartAsync(CancellationToken.None);
            try
            {
                await using var scope = host.Services.CreateAsyncScope();
                return await run(scope.ServiceProvider);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None); // flushes telemetry
            }
        }
        catch (OperationCanceledException) when (context.Stopping.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"{context.Name}: stopped by a signal before it finished; what it committed is kept, and any lease it held is released.");
            return Stopped;
        }
        catch (RequestRejectedException ex)
        {
            await context.Error.WriteLineAsync($"{context.Name}: {ex.Message}");
            return ex.Reason == RequestRejection.AlreadyRunning ? AlreadyRunning : BadInput;
        }
        catch (Exception ex) when (ex is StockConfigurationException or OptionsValidationException)
        {
            await context.Error.WriteLineAsync($"{context.Name}: {ErrorText.Of(ex)}");
            return BadInput;
        }
        catch (Exception ex) when (MistypedSetting(ex) is { } setting)
        {
            await context.Error.WriteLineAsync($"{context.Name}: {setting}");
            return BadInput;
        }
        catch (ServiceUnavailableException ex)
        {
            await context.Error.WriteLineAsync($"{context.Name}: {ErrorText.Of(ex)}");
            return Failed;
        }
        catch (Exception ex) when (ex is StockDatabaseException or DbException || ex.InnerException is DbException)
        {
            await context.Error.WriteLineAsync($"{context.Name}: the database failed: {ErrorText.Of(ex)}");
            return Failed;
        }
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value 'abc' at 'Stock:Concurrency' to type 'System.Int32'." as one
    /// line naming the setting; null for any other failure.
    /// </summary>
    private static string? MistypedSetting(Exception exception)
    {
        const string prefix = "Failed to convert configuration value";
        var all = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.Prepend(exception) : [exception];
        foreach (var ex in all.SelectMany(e => Chain(e)))
        {
            if (ex is InvalidOperationException && ex.Message.StartsWith(prefix, StringComparison.Ordinal))
            {
                var match = System.Text.RegularExpressions.Regex.Match(ex.Message, "at '(?<key>[^']+)' to type '(?<type>[^']+)'");
                return match.Success
                    ? $"setting {match.Groups["key"].Value} is not a valid {FriendlyType(match.Groups["type"].Value)}."
                    : ErrorText.Of(ex);
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
        }
    }

    private static string FriendlyType(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "whole number",
        "System.TimeSpan" => "time span (hh:mm:ss)",
        "System.Boolean" => "true or false",
        "System.Double" or "System.Decimal" => "number",
        _ => type.Split('.')[^1],
    };

    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);

    private static IConfiguration Configuration(string[] settings, IReadOnlyDictionary<string, string?>? environment)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (environment is null)
        {
            builder.AddEnvironmentVariables();
        }
        else
        {
            builder.AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        return builder.AddCommandLine(settings).Build();
    }
}

/// <summary>
/// What every command needs: the configuration, where to write, the command's name that starts its error lines, and
/// the texts people read in the culture chosen (<see cref="CultureOf"/>).
/// </summary>
public sealed class CliContext(IConfiguration configuration, TextWriter output, TextWriter error, string name, StockText text, CancellationToken stopping = default)
{
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>Cancelled when the command is to stop (SIGTERM, SIGINT): every command's work is bound to it.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>What people read (tables, summaries), in the culture chosen; errors and machine output never go through it.</summary>
    public StockText Text { get; } = text;

    /// <summary>The command's name (<c>stock</c>, <c>stock-demo</c>), which starts each of its error lines.</summary>
    public string Name { get; } = name;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>
    /// The culture of what people read: <c>Stock:Culture</c>, else the locale of the environment (<c>LC_ALL</c>,
    /// <c>LC_MESSAGES</c>, <c>LANG</c>), else Russian (docs/localization.md).
    /// </summary>
    /// <exception cref="ArgumentException"><c>Stock:Culture</c> names a culture Stock does not speak.</exception>
    public static CultureInfo CultureOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return StockText.ChooseCulture(configuration["Stock:Culture"], configuration["LC_ALL"], configuration["LC_MESSAGES"], configuration["LANG"]);
    }

    /// <summary>
    /// Stock on the .NET Generic Host, composed as the HTTP function composes it (<see cref="StockHostBuilderExtensions.AddStockHost"/>):
    /// the same configuration, options validated at start, telemetry; logs on stderr.
    /// </summary>
    public IHost BuildHost(Action<MessageRegistry>? listeners = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = new ConfigurationManager(),
        });
        builder.Configuration.AddConfiguration(Configuration);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));

        // The command owns SIGTERM and SIGINT (StopSignals); the host's console lifetime would take them and stop
        // nothing that runs, so it has none.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        var registry = builder.AddStockHost();

        var verbose = string.Equals(Configuration["Logging:Verbose"], "true", StringComparison.OrdinalIgnoreCase);
        var cloudProject = Stock.Hosts.Defaults.CloudLogging.IsCloudRun(Configuration) ? Configuration["PROJECT_ID"] ?? string.Empty : null;
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new StderrLoggerProvider(Error, verbose, cloudProject));
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning || (category?.StartsWith("Stock", StringComparison.Ordinal) == true && level >= LogLevel.Information));

        listeners?.Invoke(registry);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}

/// <summary>A host lifetime that leaves the signals to the command (<see cref="StopSignals"/>).</summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
