namespace RearPlayground.Worker.Bench;

/// <summary>
/// A pause before timing a call on another ONNX Runtime session (or the peer's process) than the last one. ORT's intra-op
/// workers keep spinning for a while after a call returns; on a 2-core machine the other session's next call then shares the
/// cores with them (measured on 15M: the ℓ0 pass 112 ms straight after the bare loop's call, 90 ms after 30 ms of pause, and
/// the bare pass 102 against 82 ms the other way round). Both sides get the pause, so neither is charged for the other.
/// </summary>
internal static class SessionSettle
{
    private const int PauseMs = 30;
    // OpenBLAS's pthreads in the PyTorch peer spin for 2^28 cycles (~0.1 s here) after a call before they sleep.
    private const int AfterPeerMs = 250;

    public static void Pause() => Thread.Sleep(PauseMs);

    public static void PauseAfterPeer() => Thread.Sleep(AfterPeerMs);
}
