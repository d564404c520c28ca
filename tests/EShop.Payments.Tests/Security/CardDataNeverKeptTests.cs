using System.Net;
using System.Text.RegularExpressions;
using EShop.Payments.Tests.Support;
using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Security;

/// <summary>After payments of every kind (approved, saved, declined, replayed, refused), no card number or CVC
/// appears in any log line of any host or in any row of any table.</summary>
[Collection(PaymentsCollection.Name)]
public sealed partial class CardDataNeverKeptTests(PaymentsEnvironment env)
{
    // A CVC is short: only a stand-alone occurrence counts, not digits inside ids, hashes, timestamps or numbers.
    private static Regex StandAlone(string digits) => new($"(?<![0-9A-Za-z.:_-]){digits}(?![0-9A-Za-z.:_-])");

    private static readonly Regex[] Secrets =
        [.. TestCards.All.Select(StandAlone), StandAlone(TestCards.Cvc), StandAlone(TestCards.AmexCvc)];

    private static bool LeaksCardData(string text) => Secrets.Any(s => s.IsMatch(text)) || TestCards.All.Any(text.Contains);

    [Fact]
    public async Task No_card_number_or_cvc_in_any_log_line_or_database_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await MakePaymentsOfEveryKindAsync();

        var leakingLines = env.AllLogs.SelectMany(l => l.Lines).Where(LeaksCardData).ToArray();
        Assert.Empty(leakingLines);
        Assert.NotEmpty(env.AllLogs.SelectMany(l => l.Lines));

        var leakingRows = new List<string>();
        var tables = 0;
        await using var db = await env.Sql.OpenConnectionAsync(ct);
        foreach (var table in await TablesAsync(db))
        {
            tables++;
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", db);
            await using var reader = await rows.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (LeaksCardData(reader.GetString(0))) leakingRows.Add($"{table}: {reader.GetString(0)}");
        }
        Assert.True(tables >= 8, $"only {tables} tables scanned");
        Assert.Empty(leakingRows);
    }

    [Fact]
    public void The_scan_recognises_card_data_and_ignores_look_alikes()
    {
        Assert.True(LeaksCardData($"charge for {TestCards.VisaApprove}"));
        Assert.True(LeaksCardData($"{{\"cvc\":\"{TestCards.Cvc}\"}}"));
        Assert.True(LeaksCardData($"(1,{TestCards.AmexCvc},x)"));
        Assert.False(LeaksCardData($"request a{TestCards.Cvc}f answered in 1{TestCards.Cvc}.2 ms at 12:{TestCards.Cvc}"));
    }

    private async Task MakePaymentsOfEveryKindAsync()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1234);
        var key = Shopper.NewKey();
        var saved = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove, save: true), (product, 1));
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(saved, key)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(saved, key)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove, save: true), (product, 2)), key)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.AmexApprove, save: true), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.MastercardDecline), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove, expiryYear: 2001), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.DiscoverApprove), (product, 1)))).StatusCode);
        var malformed = $$$"""{"items":[{"productId":{{{product}}},"quantity":1}],"card":{"number":"{{{TestCards.MastercardApprove}}}","cvc":{{{TestCards.Cvc}}}}}""";
        Assert.Equal(HttpStatusCode.BadRequest, (await shopper.SendPayAsync(malformed, Shopper.NewKey(), shopper.Token)).StatusCode);
        var broken = $$$"""{"items":[{"productId":{{{product}}},"quantity":1}],"card":{"number":"{{{TestCards.AmexApprove}}}","cvc":"{{{TestCards.AmexCvc}}}" """;
        Assert.Equal(HttpStatusCode.BadRequest, (await shopper.SendPayAsync(broken, Shopper.NewKey(), shopper.Token)).StatusCode);
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", db);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }
}
