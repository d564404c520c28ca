using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.VendorSimulator.Charges;
using EShop.VendorSimulator.Faults;

namespace EShop.VendorSimulator.Api;

/// <summary>Every body the simulator reads or writes, source-generated (Native AOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChargeRequest))]
[JsonSerializable(typeof(ChargeAnswer))]
[JsonSerializable(typeof(ChargeLookupAnswer))]
[JsonSerializable(typeof(VoidAnswer))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(IReadOnlyList<ChargeEntry>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
public sealed partial class VendorSimulatorJson : JsonSerializerContext;
