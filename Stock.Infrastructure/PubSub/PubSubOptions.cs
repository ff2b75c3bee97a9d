using Microsoft.Extensions.Options;
using Stock.Application.Alerts;

namespace Stock.Infrastructure.PubSub;

/// <summary>Google Pub/Sub, bound from <c>Stock:PubSub</c> (or the original's <c>PROJECT_ID</c> and <c>PUBSUB_EMULATOR_HOST</c>).</summary>
public sealed class PubSubOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:PubSub";

    /// <summary>The Google Cloud project; empty: events go to the JSON-lines file instead.</summary>
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>The emulator's <c>host:port</c>; set, Stock talks to it over plain HTTP with no credentials.</summary>
    public string EmulatorHost { get; set; } = string.Empty;

    /// <summary>The Pub/Sub REST endpoint (<c>https://pubsub.googleapis.com/</c>).</summary>
    public Uri Endpoint { get; set; } = new("https://pubsub.googleapis.com/");

    /// <summary>
    /// The topics by their setting (<c>Stock:PubSub:Topics:</c> and each <see cref="AlertTopic.Setting"/> of <see cref="AlertCatalogue.Topics"/>),
    /// each with its default until configured.
    /// </summary>
    public Dictionary<string, string> Topics { get; set; } = AlertCatalogue.Topics.ToDictionary(t => t.Setting, t => t.Default, StringComparer.OrdinalIgnoreCase);

    /// <summary>Messages per publish call (at most 1000 by Pub/Sub's limits; a call is also cut before 9 MB).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Retries of a publish after 429, 5xx or a network error.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one publish attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL calls go to: the emulator when set, else <see cref="Endpoint"/>.</summary>
    public Uri BaseUrl => string.IsNullOrWhiteSpace(EmulatorHost) ? Endpoint : new Uri($"http://{EmulatorHost.Trim()}/");

    /// <summary>The topic of <paramref name="eventType"/>, a product alert of the catalogue or a health event.</summary>
    /// <exception cref="ArgumentException">Stock publishes no event of that type.</exception>
    public string TopicOf(string eventType) => TopicOf(AlertCatalogue.TopicOf(eventType));

    /// <summary>The topic configured for <paramref name="topic"/>, or its default.</summary>
    public string TopicOf(AlertTopic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return Topics.TryGetValue(topic.Setting, out var name) ? name : topic.Default;
    }

    /// <summary>
    /// Refuses at start a topic key the catalogue does not know (a typo would leave its events on the default topic)
    /// and a blank topic, naming the key.
    /// </summary>
    internal sealed class TopicsValidation : IValidateOptions<PubSubOptions>
    {
        public ValidateOptionsResult Validate(string? name, PubSubOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var expected = string.Join(", ", AlertCatalogue.Topics.Select(t => t.Setting));
            foreach (var (key, topic) in options.Topics)
            {
                if (!AlertCatalogue.Topics.Any(t => string.Equals(t.Setting, key, StringComparison.OrdinalIgnoreCase)))
                {
                    return ValidateOptionsResult.Fail($"{SectionName}:Topics:{key} is no topic setting: expected {expected}.");
                }

                if (string.IsNullOrWhiteSpace(topic))
                {
                    return ValidateOptionsResult.Fail($"{SectionName}:Topics:{key} is blank: it must name a topic.");
                }
            }

            return ValidateOptionsResult.Success;
        }
    }
}
