using EShop.Payments.Tests.Support;
using EShop.PaymentService.Cards;
using Xunit;

namespace EShop.Payments.Tests.Cards;

public sealed class LuhnAndBrandTests
{
    [Theory]
    [InlineData(TestCards.VisaApprove)]
    [InlineData(TestCards.MastercardApprove)]
    [InlineData(TestCards.Mastercard2SeriesApprove)]
    [InlineData(TestCards.AmexApprove)]
    [InlineData(TestCards.DiscoverApprove)]
    [InlineData("79927398713")]
    public void Valid_numbers_pass_the_Luhn_check(string number) => Assert.True(Luhn.IsValid(number));

    [Theory]
    [InlineData("4242424242424241")]
    [InlineData("79927398710")]
    [InlineData("")]
    public void Numbers_with_a_wrong_check_digit_fail(string number) => Assert.False(Luhn.IsValid(number));

    [Fact]
    public void Every_simulator_test_card_passes_the_Luhn_check() =>
        Assert.All(TestCards.All, number => Assert.True(Luhn.IsValid(number), number));

    [Theory]
    [InlineData("4", "Visa")]
    [InlineData("51", "Mastercard")]
    [InlineData("55", "Mastercard")]
    [InlineData("2221", "Mastercard")]
    [InlineData("2720", "Mastercard")]
    [InlineData("34", "Amex")]
    [InlineData("37", "Amex")]
    [InlineData("6011", "Discover")]
    [InlineData("65", "Discover")]
    [InlineData("644", "Discover")]
    public void The_brand_comes_from_the_IIN(string prefix, string brand) =>
        Assert.Equal(brand, CardBrands.Detect(prefix.PadRight(16, '0'))?.Name);

    [Theory]
    [InlineData("50")]
    [InlineData("56")]
    [InlineData("2220")]
    [InlineData("2721")]
    [InlineData("35")]
    [InlineData("36")]
    [InlineData("9")]
    public void Numbers_outside_every_range_have_no_brand(string prefix) =>
        Assert.Null(CardBrands.Detect(prefix.PadRight(16, '0')));
}
