// The HTTP function host: a minimal ASP.NET Core app on $PORT (the Cloud Run / Functions gen2 container contract).
// The check endpoint arrives with the hosts issue; until then the host answers health probes only.
var builder = WebApplication.CreateBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "8080";
builder.WebHost.UseUrls($"http://0.0.0.0:{port}");

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
await app.RunAsync();
