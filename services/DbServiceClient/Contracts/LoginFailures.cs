using System.ComponentModel.DataAnnotations;

namespace EShop.DbServiceClient.Contracts;

public sealed record LoginFailureRequest([Required, StringLength(254)] string Email);

/// <summary>Failed logins of one account (email in lower case) inside the asked window.</summary>
public sealed record LoginFailureSummary(string Email, int Count, DateTimeOffset? OldestAt);
