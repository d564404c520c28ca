using System.Collections.Frozen;

namespace EShop.UserService.Passwords.CommonPasswords;

/// <summary>The passwords of <c>common-passwords.txt</c> (see the README beside it), loaded once from the assembly.</summary>
public static class CommonPasswordList
{
    private const string ResourceName = "EShop.UserService.Passwords.CommonPasswords.common-passwords.txt";

    private static readonly Lazy<FrozenSet<string>> Passwords = new(Load);

    public static int Count => Passwords.Value.Count;

    /// <summary>Case does not make a common password less common.</summary>
    public static bool Contains(string password) => Passwords.Value.Contains(password.ToLowerInvariant());

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) passwords.Add(line);
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
