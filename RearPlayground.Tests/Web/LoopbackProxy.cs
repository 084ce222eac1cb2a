using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RearPlayground.Tests.Web;

/// <summary>A TCP relay on loopback to a local port, whose open connections a test can cut (reset), as a network failure would.</summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted, _armed;

    public LoopbackProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections relayed so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>
    /// The next data a client sends (on any connection) is relayed, then every connection is reset: the server got the
    /// message, the client never gets the answer, as when the network drops mid-call.
    /// </summary>
    public void DropAfterNextSend() => Volatile.Write(ref _armed, 1);

    /// <summary>Resets every open connection at once.</summary>
    public void DropAll()
    {
        foreach (var socket in _open.Keys) Close(socket);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; } // stopped
            Interlocked.Increment(ref _accepted);
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try { await upstream.ConnectAsync(IPAddress.Loopback, _target); }
            catch (SocketException) { Close(client); continue; }
            _open[client] = 0;
            _open[upstream] = 0;
            _ = PumpAsync(client, upstream, fromClient: true);
            _ = PumpAsync(upstream, client, fromClient: false);
        }
    }

    // One direction; when either side ends, both do.
    private async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read));
                if (fromClient && Interlocked.Exchange(ref _armed, 0) == 1) DropAll();
            }
        }
        catch (Exception) { } // cut
        Close(from);
        Close(to);
    }

    private void Close(Socket socket)
    {
        if (!_open.TryRemove(socket, out _) && !socket.Connected) return;
        try { socket.LingerState = new LingerOption(true, 0); } // a reset, not a polite close
        catch (Exception) { }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropAll();
        _stop.Dispose();
    }
}
