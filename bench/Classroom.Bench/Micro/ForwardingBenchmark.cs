using BenchmarkDotNet.Attributes;
using Classroom.Media.Sfu;
using Classroom.Media.Srtp;

namespace Classroom.Bench.Micro;

/// <summary>
/// The relay's per-packet work for one video packet (1,200 bytes) and N subscribers: SRTP decrypt of
/// the publisher's packet, the router's grant check and rewrite, and SRTP encrypt once per
/// subscriber. Both SRTP profiles.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmark
{
    private const int PayloadLength = 1188;
    private SrtpContext _publisherSide = null!;
    private SrtpContext _relayIn = null!;
    private SrtpContext[] _relayOut = [];
    private Router _router = null!;
    private Publication _publication = null!;
    private byte[] _wire = [];
    private byte[] _work = new byte[1600];
    private byte[] _send = new byte[1600];
    private int _wireLength;
    private ushort _sequence;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [Params(1, 10)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        var salt = new byte[Profile.SaltLength()];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        _publisherSide = new SrtpContext(Profile, key, salt);
        _relayIn = new SrtpContext(Profile, key, salt);
        _relayOut = Enumerable.Range(0, Subscribers).Select(_ => new SrtpContext(Profile, key, salt)).ToArray();
        _router = new Router(Guid.NewGuid()) { Grants = new MediaGrants([KeyValuePair.Create("s-anna", MediaGrant.Video)]) };
        _publication = new Publication("s-anna", new EncryptingSink(null!, _send));
        var producer = new Producer("s-anna", "camera", MediaKind.Video, "1", new RtpCodec("VP8", 90000, 1, 96, null, []), _publication.Transport, 0xCAFE);
        _publication.Replace([producer]);
        _router.Add(producer);
        for (var i = 0; i < Subscribers; i++) _router.Subscribe(producer, new EncryptingSink(_relayOut[i], _send), (uint)(0x100 + i));
        _wire = new byte[1600];
    }

    /// <summary>What the browser side costs here (making a fresh packet); subtract it from the relay's figure.</summary>
    [Benchmark(Baseline = true)]
    public int PublisherOnly()
    {
        NextPacket();
        return _wireLength;
    }

    [Benchmark]
    public bool DecryptRouteEncrypt()
    {
        NextPacket();
        _wire.AsSpan(0, _wireLength).CopyTo(_work);
        if (!_relayIn.TryUnprotect(_work, _wireLength, out var plain)) return false;
        _router.OnRtp(_publication, _work.AsSpan(0, plain));
        return true;
    }

    private void NextPacket()
    {
        // A fresh publisher packet each time (the replay window would refuse a repeat).
        _wire[0] = 0x80;
        _wire[1] = 96;
        _wire[2] = (byte)(_sequence >> 8);
        _wire[3] = (byte)_sequence;
        _sequence++;
        _wire[8] = 0; _wire[9] = 0; _wire[10] = 0xCA; _wire[11] = 0xFE;
        _publisherSide.TryProtect(_wire, 12 + PayloadLength, out _wireLength);
    }

    /// <summary>What the socket does per subscriber, minus the system call: copy and encrypt.</summary>
    private sealed class EncryptingSink(SrtpContext context, byte[] buffer) : IRtpSink
    {
        public bool SendRtp(ReadOnlySpan<byte> packet)
        {
            packet.CopyTo(buffer);
            return context.TryProtect(buffer, packet.Length, out _);
        }

        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;
    }
}
