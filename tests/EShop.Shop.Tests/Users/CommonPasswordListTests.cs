using EShop.UserService.Passwords.CommonPasswords;
using Xunit;

namespace EShop.Shop.Tests.Users;

public sealed class CommonPasswordListTests
{
    private static readonly string ShippedFile = Path.Combine(RepositoryRoot(), "services", "UserService", "Passwords", "CommonPasswords", "common-passwords.txt");

    [Fact]
    public void The_embedded_list_is_the_shipped_file_with_at_least_10000_passwords()
    {
        var lines = File.ReadAllLines(ShippedFile);
        Assert.True(lines.Length >= 10_000, $"only {lines.Length} passwords");
        Assert.Equal(lines.Length, CommonPasswordList.Count);
        Assert.All(lines, line => Assert.True(CommonPasswordList.Contains(line), line));
    }

    [Fact]
    public void The_shipped_file_is_as_the_generator_writes_it_lower_case_sorted_unique_and_12_to_128_characters()
    {
        var lines = File.ReadAllLines(ShippedFile);
        Assert.All(lines, line => Assert.InRange(line.Length, 12, 128));
        Assert.All(lines, line => Assert.Equal(line.ToLowerInvariant(), line));
        Assert.Equal(lines.Order(StringComparer.Ordinal).Distinct(), lines);
    }

    [Theory]
    [InlineData("correct horse battery staple", false)]
    [InlineData("Iloveyou1234", true)]
    [InlineData("111111111111", true)]
    public void A_password_is_common_whatever_its_case(string password, bool common) =>
        Assert.Equal(common, CommonPasswordList.Contains(password));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EShop.sln"))) return dir.FullName;
        throw new InvalidOperationException("EShop.sln not found above " + AppContext.BaseDirectory);
    }
}
