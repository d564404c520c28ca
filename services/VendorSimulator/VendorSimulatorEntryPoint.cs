namespace EShop.VendorSimulator;

/// <summary>Marker type for hosting the simulator in tests (the top-level Program is internal).</summary>
public sealed class VendorSimulatorEntryPoint;
