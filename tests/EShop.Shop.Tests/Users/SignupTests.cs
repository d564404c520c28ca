using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class SignupTests(ShopServices shop)
{
    private readonly HttpClient _users = shop.Users.CreateClient();

    [Fact]
    public async Task Signup_answers_201_with_the_new_id_and_the_normalised_email()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = ShopClient.NewEmail();
        var response = await _users.SignupAsync("  " + email.ToUpperInvariant() + " ", name: "Ada");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out var id));
        Assert.Equal(email, body.GetProperty("email").GetString());
        var stored = await shop.DbService.CreateInternalClient().GetFromJsonAsync<UserRecord>($"/api/v1/user/{id}", cancellationToken: ct);
        Assert.Equal("Ada", stored!.Name);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two words@example.test")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Signup_with_an_invalid_email_is_a_400_naming_email(string? email)
    {
        var response = await _users.SignupAsync(email!);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "email");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(11)]
    [InlineData(129)]
    public async Task Signup_with_a_password_outside_12_to_128_characters_is_a_400_naming_password(int? length)
    {
        var response = await _users.SignupAsync(ShopClient.NewEmail(), length is null ? null : new string('p', length.Value));
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "password");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(128)]
    public async Task Signup_accepts_passwords_of_12_and_128_characters(int length)
    {
        var response = await _users.SignupAsync(ShopClient.NewEmail(), string.Concat(Enumerable.Repeat("x7Qz", 32))[..length]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("pppppppppppp")]
    public async Task Signup_with_a_common_password_in_any_case_is_a_400_naming_password(string password)
    {
        var response = await _users.SignupAsync(ShopClient.NewEmail(), password);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task Signup_with_a_name_over_200_characters_is_a_400_naming_name()
    {
        var response = await _users.SignupAsync(ShopClient.NewEmail(), name: new string('n', 201));
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Signup_with_malformed_json_is_a_400_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _users.PostAsync(
            "/api/v1/signup", new StringContent("{\"email\": 5", System.Text.Encoding.UTF8, "application/json"), ct);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Signup_with_an_existing_email_in_any_case_is_a_409()
    {
        var email = ShopClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await _users.SignupAsync(email)).StatusCode);

        var again = await _users.SignupAsync(email.ToUpperInvariant(), "another long password");

        await ProblemAssert.Is(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_password_is_stored_as_an_Identity_V3_hash_with_220000_PBKDF2_SHA512_iterations()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _users.SignupAsync(ShopClient.NewEmail());
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetString();
        var stored = await shop.DbService.CreateInternalClient().GetFromJsonAsync<UserRecord>($"/api/v1/user/{id}", cancellationToken: ct);

        Assert.DoesNotContain(ShopClient.Password, stored!.PasswordHash);
        var (prf, iterations) = IdentityV3Hash.Parameters(stored.PasswordHash);
        Assert.Equal(IdentityV3Hash.HmacSha512, prf);
        Assert.Equal(220_000, iterations);
    }
}
