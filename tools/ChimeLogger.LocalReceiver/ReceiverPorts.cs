using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChimeLogger.LocalReceiver;

/// <summary>The three loopback ports of one dashboard: UI and API, OTLP/gRPC, OTLP/HTTP.</summary>
internal readonly record struct ReceiverPorts(int Ui, int Grpc, int Http)
{
    /// <summary>Picks the dashboard's ports.</summary>
    /// <param name="options">The ports asked for.</param>
    /// <param name="fronted">
    /// Whether the entity view's front takes <see cref="LocalOtlpReceiverOptions.OtlpGrpcPort"/>: the dashboard's own
    /// OTLP/gRPC port is then any free one, known only to the front.
    /// </param>
    public static ReceiverPorts Pick(LocalOtlpReceiverOptions options, bool fronted)
    {
        HashSet<int> taken = [];
        if (fronted)
        {
            // Checked before anything starts, so that a taken port fails fast; the front itself binds them later.
            foreach ((int port, string what) in new[] { (options.OtlpGrpcPort, "OtlpGrpcPort"), (options.EntityViewPort, "EntityViewPort, the entity view") })
            {
                if (port != 0 && !IsFree(port))
                {
                    throw new LocalReceiverException(
                        $"Port {port.ToString(CultureInfo.InvariantCulture)} ({what}) on 127.0.0.1 is already in use: choose another or 0 for a free one.");
                }

                taken.Add(port);
            }
        }

        int ui = Choose(options.UiPort, "UiPort (dashboard UI and API)", taken);
        int grpc = Choose(fronted ? 0 : options.OtlpGrpcPort, "OtlpGrpcPort", taken);
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

    internal static bool IsFree(int port)
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
