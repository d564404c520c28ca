using EShop.Payments.Tests.Support;
using EShop.PaymentService.Cards;
using EShop.PaymentService.Payments;
using Xunit;

namespace EShop.Payments.Tests.Cards;

public sealed class CardValidatorTests
{
    private static readonly CardValidator Validator = new(new FixedClock(new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero)));

    private static CardInput Card(string number, string cvc = TestCards.Cvc, int month = 12, int year = 2031) =>
        new(number, month, year, cvc, "Ada Lovelace");

    [Theory]
    [InlineData(TestCards.VisaApprove, "Visa")]
    [InlineData("4242 4242 4242 4242", "Visa")]
    [InlineData(TestCards.Mastercard2SeriesApprove, "Mastercard")]
    public void A_good_card_is_valid_with_its_brand_and_last4(string number, string brand)
    {
        var check = Validator.Check(Card(number));
        Assert.Equal(brand, check.Card?.Brand.Name);
        Assert.Equal(number[^4..], check.Card?.Last4);
        Assert.DoesNotContain(number.Replace(" ", ""), check.Card!.ToString());
    }

    [Fact]
    public void Amex_needs_a_four_digit_cvc()
    {
        Assert.NotNull(Validator.Check(Card(TestCards.AmexApprove, TestCards.AmexCvc)).Card);
        var check = Validator.Check(Card(TestCards.AmexApprove, TestCards.Cvc));
        Assert.Equal(422, check.Status);
        Assert.Contains("card.cvc", check.Errors.Keys);
    }

    [Fact]
    public void A_card_is_valid_through_its_expiry_month_and_expired_after()
    {
        Assert.NotNull(Validator.Check(Card(TestCards.VisaApprove, month: 6, year: 2030)).Card);
        var expired = Validator.Check(Card(TestCards.VisaApprove, month: 5, year: 2030));
        Assert.Equal(422, expired.Status);
        Assert.Contains("card.expiryYear", expired.Errors.Keys);
    }

    [Theory]
    [InlineData("4242424242424241", 422)] // Luhn
    [InlineData("9999999999999995", 422)] // unknown brand, valid Luhn
    [InlineData("424242424242424", 422)]  // Visa with 15 digits (Luhn-valid)
    [InlineData("4242-4242-4242-4242", 400)]
    [InlineData("42424242abcd4242", 400)]
    [InlineData("42424242", 400)]
    public void Bad_numbers_are_refused_naming_card_number_without_echoing_it(string number, int status)
    {
        var check = Validator.Check(Card(number));
        Assert.Null(check.Card);
        Assert.Equal(status, check.Status);
        var message = Assert.Single(Assert.Single(check.Errors, e => e.Key == "card.number").Value);
        Assert.DoesNotContain(number, message);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
