using System.Text.Json;
using EShop.Payments.Tests.Support;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Payments;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Payments.Tests.Payments;

public sealed class RequestFingerprintTests
{
    private static RequestFingerprint WithKey(string key) => new(Options.Create(new PaymentOptions { FingerprintKey = key }));

    private static readonly RequestFingerprint Fingerprint = WithKey(PaymentsEnvironment.FingerprintKey);

    private static PayRequest Request(string number, params (long, int)[] items) =>
        new(items.Select(i => new PayItem(i.Item1, i.Item2)).ToArray(), new CardInput(number, 12, 2031, TestCards.Cvc, "Ada Lovelace"), null);

    [Fact]
    public void Item_order_and_number_spacing_do_not_change_the_hash() =>
        Assert.Equal(
            Fingerprint.Of(Request(TestCards.VisaApprove, (1, 2), (3, 1))),
            Fingerprint.Of(Request("4242 4242 4242 4242", (3, 1), (1, 2))));

    [Fact]
    public void A_different_card_or_quantity_changes_the_hash_but_the_cvc_never_enters_it()
    {
        var original = Fingerprint.Of(Request(TestCards.VisaApprove, (1, 2)));
        Assert.NotEqual(original, Fingerprint.Of(Request(TestCards.MastercardApprove, (1, 2))));
        Assert.NotEqual(original, Fingerprint.Of(Request(TestCards.VisaApprove, (1, 3))));
        var otherCvc = Request(TestCards.VisaApprove, (1, 2)) with { Card = new CardInput(TestCards.VisaApprove, 12, 2031, "740", "Ada Lovelace") };
        Assert.Equal(original, Fingerprint.Of(otherCvc));
    }

    [Fact]
    public void The_card_enters_only_through_a_keyed_hash()
    {
        var request = Request(TestCards.VisaApprove, (1, 2));
        // Another payment-service secret gives another hash: the stored value cannot be recomputed from a guessed number alone,
        // and no other service (which holds only the internal token) can compute it.
        Assert.NotEqual(Fingerprint.Of(request), WithKey("another-payment-fingerprint-key-0123456789").Of(request));
        Assert.Matches("^[0-9a-f]{64}$", Fingerprint.Of(request));
        Assert.NotEqual(Fingerprint.OfCard(TestCards.VisaApprove), WithKey("another-payment-fingerprint-key-0123456789").OfCard(TestCards.VisaApprove));
        Assert.Equal(Fingerprint.OfCard(TestCards.VisaApprove), Fingerprint.OfCard("4242 4242 4242 4242"));
    }

    [Fact]
    public void Canonical_json_orders_members_so_a_reordered_copy_writes_the_same_bytes()
    {
        var first = JsonDocument.Parse("""{"b":1,"a":{"z":[1,{"y":2,"x":3}],"c":"t"}}""").RootElement;
        var reordered = JsonDocument.Parse("""{ "a": {"c": "t", "z": [1, {"x": 3, "y": 2}]}, "b": 1 }""").RootElement;
        Assert.Equal("""{"a":{"c":"t","z":[1,{"x":3,"y":2}]},"b":1}""", CanonicalJson.Write(first));
        Assert.Equal(CanonicalJson.Write(first), CanonicalJson.Write(reordered));
    }
}
