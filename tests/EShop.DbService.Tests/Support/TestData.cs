using EShop.DbService.Contracts;

namespace EShop.DbService.Tests.Support;

/// <summary>Unique, valid requests; tests change only what they are about.</summary>
public static class TestData
{
    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static CreateUserRequest User(string? email = null, string? name = "Ada Lovelace") =>
        new(email ?? UniqueEmail(), name, "AQAAAAIAAYagAAAAEHashNotARealOne==");

    public static CreateProductRequest Product(string? sku = null, string name = "Test Kettle", string description = "Boils water.") =>
        new(sku ?? $"SKU-{Guid.NewGuid():N}"[..24], name, description, 2599, "EUR", 7);

    public static CreateCardRequest Card(Guid userId, string vendorToken = "tok_visa_approve_abc", string? holderName = "ADA LOVELACE") =>
        new(userId, "Visa", vendorToken, "Visa", "4242", 12, 2031, holderName);

    /// <summary>SHA-256 hex of a fresh random token, as user-service stores it.</summary>
    public static string TokenHash() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));

    public static CreatePaymentRequest Payment(Guid userId, Guid? id = null, Guid? cardId = null) =>
        new(id ?? Guid.NewGuid(), userId, 5198, "EUR", "Visa", "Visa", "4242", cardId, [new NewPaymentItem(1, 2, 2599)]);
}
