// Provider plugins are driven over unix sockets with Linux process semantics; the suite targets Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
