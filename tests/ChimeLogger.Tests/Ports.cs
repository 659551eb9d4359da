using System.Net;
using System.Net.Sockets;

namespace ChimeLogger.Tests;

/// <summary>Loopback ports in the state a test needs.</summary>
internal static class Ports
{
    /// <summary>A loopback port nothing listens on: a connection to it is refused at once.</summary>
    public static int Closed()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
