using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChimeLogger.LocalReceiver;

/// <summary>The three loopback ports of one dashboard: UI and API, OTLP/gRPC, OTLP/HTTP.</summary>
internal readonly record struct ReceiverPorts(int Ui, int Grpc, int Http)
{
    public static ReceiverPorts Pick(LocalOtlpReceiverOptions options)
    {
        HashSet<int> taken = [];
        int ui = Choose(options.UiPort, "UiPort (dashboard UI and API)", taken);
        int grpc = Choose(options.OtlpGrpcPort, "OtlpGrpcPort", taken);
        int http = Choose(options.OtlpHttpPort, "OtlpHttpPort", taken);
        return new ReceiverPorts(ui, grpc, http);
    }

    private static int Choose(int requested, string what, HashSet<int> taken)
    {
        if (requested != 0)
        {
            if (!IsFree(requested))
            {
                throw new LocalReceiverException(
                    $"Port {requested.ToString(CultureInfo.InvariantCulture)} ({what}) on 127.0.0.1 is already in use: choose another or 0 for a free one.");
            }

            taken.Add(requested);
            return requested;
        }

        while (true)
        {
            using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (taken.Add(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>A port picked as free was bound by someone else before the dashboard could bind it.</summary>
internal sealed class PortTakenException(string message) : LocalReceiverException(message);
