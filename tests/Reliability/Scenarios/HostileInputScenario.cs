using System.Text.Json;
using EShop.Reliability.Checks;
using EShop.Reliability.Hostile;
using EShop.Reliability.Load;
using EShop.Reliability.Report;
using EShop.Reliability.Shop;

namespace EShop.Reliability.Scenarios;

/// <summary>6. The hostile corpus against every public route: zero 5xx, no process crashed, and the database
/// changed only by the corpus's few valid requests (and the login failures its wrong passwords must record).</summary>
public sealed class HostileInputScenario(HttpClient raw) : IScenario
{
    public string Name => "hostile input corpus";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var email = ShopClient.NewEmail();
        await context.Shop.SignupAsync(email);
        var (_, live) = await context.Shop.LoginAsync(email);
        var (_, revoked) = await context.Shop.LoginAsync(email);
        if (live is null || revoked is null) throw new InvalidOperationException("could not log the hostile shopper in");
        if ((await context.Shop.LogoutAsync(revoked)).Status != 204) throw new InvalidOperationException("could not log the second token out");

        var corpus = new HostileCorpus(context.Stack.Catalog, live, revoked, context.Shoppers.Products[0]);
        var connectionString = context.Stack.DatabaseConnectionString!;
        var before = await DatabaseSnapshot.TakeAsync(connectionString);
        var answers = new List<(HostileRequest Request, int Status, string? MediaType, string? Error)>();
        await Parallel.ForEachAsync(corpus.Requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var answer = await SendAsync(request);
            lock (answers) answers.Add(answer);
        });
        var after = await DatabaseSnapshot.TakeAsync(connectionString);
        var (stillServing, _) = await context.Shop.BrowseAsync(null);

        var serverErrors = answers.Where(a => a.Status >= 500).ToList();
        var unanswered = answers.Where(a => a.Status == 0).ToList();
        var notProblem = answers.Where(a => a.Status is >= 400 and < 500 && a.MediaType != "application/problem+json").ToList();
        var unexpected = UnexpectedChanges(after.Since(before), corpus).ToList();
        var routes = context.Stack.Catalog.PublicRoutes.Select(r => r.Route.Path).ToList();
        var untested = routes.Where(path => !corpus.Requests.Any(r => r.Path.StartsWith(path, StringComparison.Ordinal))).ToList();

        var checks = new List<Check>
        {
            Check.That("every public route of the catalog was attacked", untested.Count == 0, untested.Count == 0 ? string.Join(", ", routes) : "untested: " + string.Join(", ", untested)),
            Check.That("zero 5xx", serverErrors.Count == 0, serverErrors.Count == 0 ? $"{answers.Count} requests"
                : string.Join("; ", serverErrors.Take(8).Select(a => $"{a.Request.Name} -> {a.Status}"))),
            Check.That("every request answered (no connection dropped by a crashing handler)", unanswered.Count == 0,
                unanswered.Count == 0 ? "all answered" : string.Join("; ", unanswered.Take(5).Select(a => $"{a.Request.Name}: {a.Error}"))),
            StackHealth.NoneExited(context.Stack),
            Check.That("the shop still serves afterwards", stillServing.Status == 200, $"GET /api/v1/products -> {stillServing.Status}"),
            Check.That("the database changed only by the corpus's valid requests", unexpected.Count == 0,
                unexpected.Count == 0 ? $"{before.RowCount} rows before, {after.RowCount} after" : string.Join("; ", unexpected.Take(6))),
        };
        return new ScenarioResult(Name, null, "-",
        [
            $"{answers.Count} requests: " + string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)} x{g.Count()}")),
            $"4xx answers that are not problem+json: {notProblem.Count} (" + string.Join("; ", notProblem.GroupBy(a => (a.Status, a.MediaType)).Select(g => $"{g.Key.Status} {g.Key.MediaType ?? "no type"} x{g.Count()}, e.g. {g.First().Request.Name}")) + ")",
        ], checks);
    }

    private async Task<(HostileRequest, int, string?, string?)> SendAsync(HostileRequest request)
    {
        try
        {
            using var message = request.ToMessage();
            using var response = await raw.SendAsync(message);
            await response.Content.ReadAsByteArrayAsync();
            return (request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (request, 0, null, ex.GetBaseException().Message);
        }
    }

    /// <summary>Allowed: the valid injection-carrying signups (name stored verbatim), login failures of the corpus's
    /// own emails, and stored 4xx answers under the corpus's own idempotency keys. Anything else is a finding.</summary>
    private static IEnumerable<string> UnexpectedChanges(IReadOnlyList<DatabaseSnapshot.TableDiff> diffs, HostileCorpus corpus)
    {
        foreach (var diff in diffs)
        {
            foreach (var row in diff.Removed) yield return $"{diff.Table}: row removed or changed {Short(row)}";
            foreach (var row in diff.Added)
            {
                var allowed = diff.Table switch
                {
                    "users" => corpus.AcceptedSignups.TryGetValue(Text(row, "email") ?? "", out var name) && (name is null || name == Text(row, "name")),
                    "login_failures" => corpus.LoginEmails.Contains(Text(row, "email") ?? ""),
                    "idempotency_records" => corpus.PayKeys.Contains(Text(row, "key") ?? "") && row.GetProperty("response_status") is { ValueKind: JsonValueKind.Number } s && s.GetInt32() is >= 400 and < 500,
                    _ => false,
                };
                if (!allowed) yield return $"{diff.Table}: unexpected row {Short(row)}";
            }
        }
    }

    private static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Short(JsonElement row)
    {
        var text = row.GetRawText();
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
