using System.Text;
using System.Text.Json;
using EShop.Catalog;

namespace EShop.Reliability.Hostile;

/// <summary>The hostile corpus: generic attacks on every public route of the catalog, plus attacks shaped for
/// each route's own fields. Every request here is invalid in some way, except the signups in
/// <see cref="AcceptedSignups"/>, which are valid requests that carry injection strings as plain data.</summary>
public sealed class HostileCorpus
{
    private readonly List<HostileRequest> _requests = [];
    private readonly string _liveToken;
    private readonly string _revokedToken;
    private readonly long _productId;

    public HostileCorpus(ServiceCatalog catalog, string liveToken, string revokedToken, long productId)
    {
        _liveToken = liveToken;
        _revokedToken = revokedToken;
        _productId = productId;
        foreach (var (_, route) in catalog.PublicRoutes) AddGeneric(route.Method, route.Path);
        AddSignup();
        AddLogin();
        AddPay();
        AddProducts();
        AddPaths();
    }

    public IReadOnlyList<HostileRequest> Requests => _requests;

    /// <summary>Valid signups whose name is an injection string: they must create exactly these accounts, name stored verbatim.</summary>
    public Dictionary<string, string?> AcceptedSignups { get; } = [];

    /// <summary>Well-formed logins with wrong credentials: the only rows they may add are login failures for these emails.</summary>
    public HashSet<string> LoginEmails { get; } = [];

    /// <summary>Idempotency keys of pay requests with a live token: they may leave a stored 4xx answer.</summary>
    public HashSet<string> PayKeys { get; } = [];

    private void Add(string name, string method, string path, byte[]? body = null, string? contentType = "application/json", params (string, string)[] headers) =>
        _requests.Add(new HostileRequest($"{method} {Short(path)}: {name}", method, path, body, body is null ? null : contentType,
            headers.Select(h => KeyValuePair.Create(h.Item1, h.Item2)).ToList()));

    private (string, string)[] Auth(string method, string path, string token)
    {
        // The live token must survive the corpus: a logout with it would be a valid request.
        if (path.EndsWith("/logout", StringComparison.Ordinal) && token == _liveToken) token = _revokedToken;
        if (path.EndsWith("/pay", StringComparison.Ordinal))
        {
            var key = $"hostile-{Guid.NewGuid():N}";
            if (token == _liveToken) PayKeys.Add(key);
            return [("Authorization", $"Bearer {token}"), ("Idempotency-Key", key)];
        }
        return [("Authorization", $"Bearer {token}")];
    }

    private void AddGeneric(string method, string path)
    {
        var auth = Auth(method, path, _liveToken);
        Add("empty body", method, path, [], "application/json", auth);
        foreach (var broken in new[] { "{\"email\": \"a@example.com\", ", "{'single':'quotes'}", "[1,2,", "nul", "{\"a\":1}trailing", "{\"a\":1,}", "/* comment */ {}", "\uFEFF{}", "{\"a\":01}", "{\"a\":NaN}" })
            Add($"broken JSON {Short(broken)}", method, path, HostileRequest.Utf8(broken), "application/json", Auth(method, path, _liveToken));
        Add("1 MiB body (above the edge limit)", method, path, HostileRequest.Utf8($"{{\"x\":\"{new string('a', 1 << 20)}\"}}"), "application/json", Auth(method, path, _liveToken));
        Add("60 KiB JSON string", method, path, HostileRequest.Utf8($"{{\"email\":\"{new string('a', 60_000)}\"}}"), "application/json", Auth(method, path, _liveToken));
        Add("10 000 members", method, path, HostileRequest.Utf8("{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"m{i}\":{i}")) + "}"), "application/json", Auth(method, path, _liveToken));
        Add("deep array nesting", method, path, HostileRequest.Utf8(new string('[', 20_000) + new string(']', 20_000)), "application/json", Auth(method, path, _liveToken));
        Add("deep object nesting", method, path, HostileRequest.Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)), "application/json", Auth(method, path, _liveToken));
        Add("text/plain", method, path, HostileRequest.Utf8("{\"email\":\"a@example.com\"}"), "text/plain", Auth(method, path, _liveToken));
        Add("XML", method, path, HostileRequest.Utf8("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"), "application/xml", Auth(method, path, _liveToken));
        Add("form encoded", method, path, HostileRequest.Utf8("email=a%40example.com&password=x"), "application/x-www-form-urlencoded", Auth(method, path, _liveToken));
        Add("multipart", method, path, HostileRequest.Utf8("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"), "multipart/form-data; boundary=b", Auth(method, path, _liveToken));
        Add("no content type", method, path, HostileRequest.Utf8("{}"), null, Auth(method, path, _liveToken));
        Add("bogus charset", method, path, HostileRequest.Utf8("{}"), "application/json; charset=utf-7", Auth(method, path, _liveToken));
        Add("invalid UTF-8 bytes", method, path, [.. "{\"email\":\""u8, 0xFF, 0xFE, 0xC3, 0x28, 0xC0, 0xAF, .. "@example.com\",\"password\":\"\xED\xA0\x80\"}"u8], "application/json", Auth(method, path, _liveToken));
        Add("lone surrogate escape", method, path, HostileRequest.Utf8("{\"email\":\"\\ud800@example.com\",\"password\":\"\\udfff\"}"), "application/json", Auth(method, path, _liveToken));
        Add("NUL characters", method, path, HostileRequest.Utf8("{\"email\":\"a\\u0000@example.com\",\"password\":\"\\u0000\\u0000\"}"), "application/json", Auth(method, path, _liveToken));
        Add("150 headers", method, path, null, null, [.. Auth(method, path, _liveToken), .. Enumerable.Range(0, 150).Select(i => ($"X-Flood-{i}", new string('f', 100)))]);
        Add("600 headers (above the edge limit)", method, path, null, null, [.. Enumerable.Range(0, 600).Select(i => ($"X-Flood-{i}", new string('f', 100)))]);
        Add("one 20 KiB header", method, path, null, null, ("X-Big", new string('b', 20_000)));
        Add("cookie flood", method, path, null, null, ("Cookie", string.Join("; ", Enumerable.Range(0, 500).Select(i => $"c{i}=v{i}"))));
        Add("hostile X-Request-Id", method, path, null, null, ("X-Request-Id", "'; DROP TABLE users; -- <script>"));
        foreach (var token in new[] { "", "not-a-token", new string('t', 8_000), "' OR 1=1 --", "a b c", "..%2f..%2f", "tok\"en;,=" })
            Add($"bad bearer token '{Short(token)}'", method, path, method == "GET" ? null : HostileRequest.Utf8("{}"), "application/json", Auth(method, path, token));
        Add("Basic credentials", method, path, null, null, ("Authorization", "Basic YWRtaW46YWRtaW4="));
        Add("two Authorization headers", method, path, null, null, ("Authorization", $"Bearer {_liveToken}"), ("Authorization", "Bearer other"));
        Add("token replayed after logout", method, path, method == "GET" ? null : HostileRequest.Utf8("{}"), "application/json", Auth(method, path, _revokedToken));
        foreach (var wrong in new[] { "GET", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS" }.Where(m => m != method))
            Add("wrong method", wrong, path, null);
    }

    private void AddSignup()
    {
        const string path = "/api/v1/signup";
        foreach (var injection in HostileStrings.Injections.Append(HostileStrings.Long))
        {
            Json("injection in email", path, new { email = injection, password = "long enough password 1" });
            Json("injection in password, invalid email", path, new { email = injection + "@", password = injection });
            if (injection.Length <= 200 && !injection.Contains('\u0000'))
            {
                var email = $"hostile-{Guid.NewGuid():N}@example.com";
                AcceptedSignups[email] = injection;
                Json("valid signup carrying an injection string as its name", path, new { email, password = "long enough password 1", name = injection });
            }
        }
        Json("email as an array", path, new { email = new[] { "a@example.com" }, password = "long enough password 1" });
        Json("email as a number", path, new { email = 12345, password = "long enough password 1" });
        Json("password as an object", path, new { email = "x@example.com", password = new { } });
        // Either refused or an ordinary account: the extra member must never grant anything.
        var withExtra = $"hostile-{Guid.NewGuid():N}@example.com";
        AcceptedSignups[withExtra] = null;
        Json("unknown member isAdmin", path, new { email = withExtra, password = "long enough password 1", isAdmin = true });
        Json("name longer than allowed", path, new { email = $"hostile-{Guid.NewGuid():N}@example.com", password = "long enough password 1", name = HostileStrings.Long });
        Json("null body", path, (object?)null);
    }

    private void AddLogin()
    {
        const string path = "/api/v1/login";
        foreach (var injection in HostileStrings.Injections)
        {
            LoginEmails.Add(injection.Trim().ToLowerInvariant());
            Json("injection in email", path, new { email = injection, password = "whatever password" });
            var email = $"nobody-{Guid.NewGuid():N}@example.com";
            LoginEmails.Add(email);
            Json("injection in password", path, new { email, password = injection });
        }
        Json("email as an object", path, new { email = new { @ne = 1 }, password = "x" });
    }

    private void AddPay()
    {
        const string path = "/api/v1/pay";
        var item = new[] { new { productId = _productId, quantity = 1 } };
        object Card(string number, string cvc = "123", string holderName = "Hostile Shopper", int month = 12) =>
            new { number, expiryMonth = month, expiryYear = DateTime.UtcNow.Year + 3, cvc, holderName };
        // A Luhn-invalid number: nothing here can ever become a charge.
        const string badNumber = "4242424242424241";
        foreach (var injection in HostileStrings.Injections)
        {
            Pay("injection in card number", path, new { items = item, card = Card(injection) });
            Pay("injection in cvc", path, new { items = item, card = Card(badNumber, injection) });
            Pay("injection in holder name", path, new { items = item, card = Card(badNumber, holderName: injection) });
            Pay("injection as product id", path, new { items = new[] { new { productId = injection, quantity = 1 } }, card = Card(badNumber) });
            // HTTP headers carry ASCII only (the client refuses to send anything else).
            if (injection.All(char.IsAscii))
                PayWithKey("injection in Idempotency-Key", path, new { items = item, card = Card(badNumber) }, injection);
        }
        Pay("client-sent price", path, new { items = new[] { new { productId = _productId, quantity = 1, unitPriceMinor = 1 } }, card = Card("4242424242424242") });
        Pay("amount member", path, new { items = item, amount = 1, card = Card("4242424242424242") });
        Pay("negative quantity", path, new { items = new[] { new { productId = _productId, quantity = -1 } }, card = Card("4242424242424242") });
        Pay("zero quantity", path, new { items = new[] { new { productId = _productId, quantity = 0 } }, card = Card("4242424242424242") });
        Pay("quantity overflow", path, new { items = new[] { new { productId = _productId, quantity = 2_147_483_647 } }, card = Card(badNumber) });
        Pay("unknown product", path, new { items = new[] { new { productId = long.MaxValue, quantity = 1 } }, card = Card(badNumber) });
        Pay("no items", path, new { items = Array.Empty<object>(), card = Card("4242424242424242") });
        Pay("5000 items", path, new { items = Enumerable.Repeat(new { productId = _productId, quantity = 1 }, 5_000), card = Card(badNumber) });
        Pay("month 13", path, new { items = item, card = Card("4242424242424242", month: 13) });
        Pay("saved card id that is not a uuid", path, new { items = item, savedCardId = "' OR 1=1 --" });
        Pay("card and saved card together", path, new { items = item, card = Card(badNumber), savedCardId = Guid.NewGuid() });
        _requests.Add(new HostileRequest("POST /api/v1/pay: huge number literal", "POST", path,
            HostileRequest.Utf8($"{{\"items\":[{{\"productId\":1{new string('0', 400)},\"quantity\":1e400}}]}}"), "application/json", Auth("POST", path, _liveToken).Select(h => KeyValuePair.Create(h.Item1, h.Item2)).ToList()));
        Add("no Idempotency-Key", "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(new { items = item, card = Card(badNumber) })), "application/json", ("Authorization", $"Bearer {_liveToken}"));
        Add("two Idempotency-Keys", "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(new { items = item, card = Card(badNumber) })), "application/json",
            ("Authorization", $"Bearer {_liveToken}"), ("Idempotency-Key", "a"), ("Idempotency-Key", "b"));
        Add("300-character Idempotency-Key", "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(new { items = item, card = Card(badNumber) })), "application/json",
            ("Authorization", $"Bearer {_liveToken}"), ("Idempotency-Key", new string('k', 300)));
    }

    private void AddProducts()
    {
        const string path = "/api/v1/products";
        foreach (var injection in HostileStrings.Injections)
        {
            Add("injection in q", "GET", $"{path}?q={Uri.EscapeDataString(injection)}");
            Add("injection as cursor", "GET", $"{path}?cursor={Uri.EscapeDataString(injection)}");
            Add("injection as limit", "GET", $"{path}?limit={Uri.EscapeDataString(injection)}");
        }
        foreach (var query in new[] { "limit=-1", "limit=0", "limit=99999999999999999999", "limit=1e3", "limit=1&limit=2", "cursor=%FF%FE", "q=%C3%28%FF%C0%AF",
                     "cursor=" + new string('A', 4_000), "q=" + new string('q', 10_000), "q=" + new string('q', 20_000), "%%%", "q[$ne]=1", "limit=", "cursor=" })
            Add(Short(query), "GET", $"{path}?{query}");
    }

    private void AddPaths()
    {
        foreach (var path in new[] { "/api/v1/pay/", "/api/v1//pay", "/api/v1/%2e%2e/v1/pay", "/API/V1/PAY", "/api/v1/cancel", "/api/v1/user", "/api/v1/product",
                     "/api/v1/payment/00000000-0000-0000-0000-000000000000", "/api/v1/products/../user", "/api/v1/products%00", "/metrics", "/readyz", "/openapi/v1.json",
                     "/api/v1/products/%FF%FE", "/" + new string('p', 3_000) })
            Add("path outside the public routes", "GET", path);
        Add("internal route with a forged internal token", "POST", "/api/v1/cancel", HostileRequest.Utf8("{\"paymentId\":\"00000000-0000-0000-0000-000000000000\"}"), "application/json",
            ("X-Internal-Token", "guess"));
    }

    private void Json(string name, string path, object? body) => Add(name, "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(body)));

    private void Pay(string name, string path, object body) => Add(name, "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(body)), "application/json", Auth("POST", path, _liveToken));

    private void PayWithKey(string name, string path, object body, string key)
    {
        PayKeys.Add(key);
        Add(name, "POST", path, HostileRequest.Utf8(JsonSerializer.Serialize(body)), "application/json",
            ("Authorization", $"Bearer {_liveToken}"), ("Idempotency-Key", key));
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
