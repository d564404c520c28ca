namespace EShop.Reliability.Hostile;

/// <summary>Strings that break code which builds SQL, HTML, templates or paths from input.</summary>
public static class HostileStrings
{
    public static readonly string[] Injections =
    [
        "' OR '1'='1' --",
        "'; DROP TABLE users; --",
        "\" OR \"\"=\"",
        "1; SELECT pg_sleep(10); --",
        "admin'/*",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "{{7*7}}${7*7}<%= 7*7 %>",
        "../../../../etc/passwd",
        "\u0000null\u0000byte",
        "\u202eevil\ufeff\u200b",
        "%00%27%22%3C",
        "$where: '1 == 1'",
        "𝕳𝖊𝖑𝖑𝖔 🤖",
    ];

    public static readonly string Long = new('x', 10_000);
}
