namespace EShop.Reliability.Shop;

/// <summary>The accounts the load logs in and pays with, signed up once before any load, and the product ids it buys.</summary>
public sealed class Shoppers
{
    private Shoppers(IReadOnlyList<(string Email, string Token)> accounts, IReadOnlyList<long> products)
    {
        Accounts = accounts;
        Products = products;
    }

    public IReadOnlyList<(string Email, string Token)> Accounts { get; }
    public IReadOnlyList<long> Products { get; }

    public static async Task<Shoppers> CreateAsync(ShopClient shop, int count)
    {
        var accounts = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var email = ShopClient.NewEmail();
            var signup = await shop.SignupAsync(email);
            var (login, token) = await shop.LoginAsync(email);
            if (signup.Status != 201 || token is null)
                throw new InvalidOperationException($"could not create a shopper: signup {signup.Status}, login {login.Status} {login.Error}");
            accounts.Add((email, token));
        }
        var products = await shop.ProductIdsAsync();
        if (products.Count == 0) throw new InvalidOperationException("the catalogue is empty: was the demo data seeded?");
        return new Shoppers(accounts, products);
    }
}
