using EShop.DbService.Tests.Support;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Database;

/// <summary>The schema itself refuses card numbers, even from SQL that bypasses the service.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class CardCheckConstraintTests(DbServiceFixture db)
{
    [Theory]
    [InlineData("4111111111111111", "ADA", "1111", "credit_cards_vendor_token_check")]
    [InlineData("tok", "ADA 4111 1111 1111 1111", "1111", "credit_cards_holder_name_check")]
    [InlineData("tok", "ADA", "4111111111111111", "credit_cards_last4_check")]
    public async Task Direct_sql_with_a_card_number_is_refused_by_a_check(string vendorToken, string holderName, string last4, string constraint)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        await using var insert = db.Sql.CreateCommand("""
            INSERT INTO credit_cards (user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name)
            VALUES ($1, 'Visa', $2, 'Visa', $3, 12, 2031, $4)
            """);
        insert.Parameters.AddWithValue(user.Id);
        insert.Parameters.AddWithValue(vendorToken);
        insert.Parameters.AddWithValue(last4);
        insert.Parameters.AddWithValue(holderName);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(ct));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
    }

    [Fact]
    public async Task The_card_table_has_no_column_for_a_card_number_or_security_code()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var command = db.Sql.CreateCommand("SELECT column_name FROM information_schema.columns WHERE table_name = 'credit_cards'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<string>();
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));

        Assert.Contains("vendor_token", columns);
        Assert.DoesNotContain(columns, c => c.Contains("number") || c.Contains("pan") || c.Contains("cv") || c.Contains("security"));
    }
}
