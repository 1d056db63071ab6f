namespace Mandate.Providers;

/// <summary>Names this assembly in tests and reflection-based discovery.</summary>
public static class AssemblyMarker;
