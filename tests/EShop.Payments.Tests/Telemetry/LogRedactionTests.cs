using EShop.DbService.Contracts;
using EShop.Payments.Tests.Support;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults.Logging.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EShop.Payments.Tests.Telemetry;

[Collection(PaymentsCollection.Name)]
public sealed partial class LogRedactionTests(PaymentsEnvironment env)
{
    private const string Email = "redaction-probe@example.test";
    private const string Token = "tok_0123456789abcdefRedactionProbe";
    private const string Card = "4242424242424242";

    [Fact]
    public void Classified_values_never_reach_a_log_provider_while_the_rest_of_the_line_does()
    {
        var logger = env.Payments.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EShop.Tests.Redaction");

        SignedUp(logger, Email, Token, Card, "redaction-probe-line");

        var line = Assert.Single(env.Payments.Logs.Lines, l => l.Contains("redaction-probe-line", StringComparison.Ordinal));
        Assert.DoesNotContain(Email, line);
        Assert.DoesNotContain(Token, line);
        Assert.DoesNotContain(Card, line);
        Assert.DoesNotContain("4242", line);
    }

    [Fact]
    public void Every_class_of_the_taxonomy_has_an_erasing_redactor()
    {
        var redactors = env.Payments.Services.GetRequiredService<Microsoft.Extensions.Compliance.Redaction.IRedactorProvider>();
        Assert.All(ShopData.All, c => Assert.Equal("", redactors.GetRedactor(new(c)).Redact("sensitive")));
    }

    [Fact]
    public void Logging_a_whole_wire_record_writes_its_plain_members_and_none_of_its_classified_ones()
    {
        var logger = env.Payments.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EShop.Tests.Redaction");
        var user = new UserRecord(Guid.NewGuid(), Email, "Probe Holder", "AQAAAAIAA-hash-probe", DateTimeOffset.UnixEpoch, 3);

        UserLoaded(logger, user, "user-record-probe");
        CardReceived(logger, new CardInput(Card, 12, 2031, "737", "Probe Holder"), "card-input-probe");

        var userLine = Assert.Single(env.Payments.Logs.Lines, l => l.Contains("user-record-probe", StringComparison.Ordinal));
        Assert.Contains(user.Id.ToString(), userLine);
        Assert.Contains("Probe Holder", userLine);
        Assert.DoesNotContain(Email, userLine);
        Assert.DoesNotContain("hash-probe", userLine);
        var cardLine = Assert.Single(env.Payments.Logs.Lines, l => l.Contains("card-input-probe", StringComparison.Ordinal));
        Assert.Contains("Probe Holder", cardLine);
        Assert.Contains("2031", cardLine);
        Assert.DoesNotContain("4242", cardLine);
        Assert.DoesNotContain("737", cardLine);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User loaded ({Marker})")]
    private static partial void UserLoaded(ILogger logger, [LogProperties] UserRecord user, string marker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card received ({Marker})")]
    private static partial void CardReceived(ILogger logger, [LogProperties] CardInput card, string marker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signed up {Email} with {Token} and {CardNumber} ({Marker})")]
    private static partial void SignedUp(ILogger logger, [EmailData] string email, [SecretData] string token, [CardData] string cardNumber, string marker);
}
