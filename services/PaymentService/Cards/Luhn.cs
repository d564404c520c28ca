namespace EShop.PaymentService.Cards;

public static class Luhn
{
    /// <summary>The mod-10 check digit test every card number passes; digits only.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return digits.Length > 0 && sum % 10 == 0;
    }
}
