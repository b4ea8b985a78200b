using System.Buffers;
using System.Buffers.Binary;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// Demuxes a single-program MPEG-TS byte stream delivered in chunks of any size: resyncs on the
/// sync byte, follows PAT -> PMT, checks continuity counters (a gap drops the PES in progress:
/// better one lost frame than a corrupt one), reassembles PES per PID in buffers that grow to the
/// largest PES seen (bounded by <c>maxPesSize</c>) and hands each complete PES to the handler.
/// No allocation per packet.
/// </summary>
public sealed class TsDemuxer
{
    private const int MaxStreams = 8;

    private readonly ITsDemuxHandler _handler;
    private readonly int _maxPesSize;
    private readonly byte[] _carry = new byte[TsConstants.PacketSize];
    private readonly ElementaryStreamState[] _states = new ElementaryStreamState[MaxStreams];
    private readonly TsElementaryStream[] _program = new TsElementaryStream[MaxStreams];
    private int _carryLength;
    private int _stateCount;
    private int _pmtPid = -1;
    private int _pmtVersion = -1;

    public TsDemuxer(ITsDemuxHandler handler, int maxPesSize = 4 * 1024 * 1024)
    {
        _handler = handler;
        _maxPesSize = maxPesSize;
    }

    public long Packets { get; private set; }
    public long SyncLosses { get; private set; }
    public long ContinityErrors { get; private set; }
    /// <summary>PES dropped: broken by a continuity gap, larger than the limit, or with a bad header.</summary>
    public long DroppedPes { get; private set; }
    public long SectionErrors { get; private set; }

    public void Push(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
            Push(segment.Span);
    }

    public void Push(ReadOnlySpan<byte> data)
    {
        if (_carryLength > 0)
        {
            var take = Math.Min(TsConstants.PacketSize - _carryLength, data.Length);
            data[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            data = data[take..];
            if (_carryLength < TsConstants.PacketSize)
                return;
            _carryLength = 0;
            ProcessPacket(_carry);
        }
        while (data.Length > 0)
        {
            if (data[0] != TsConstants.SyncByte)
            {
                SyncLosses++;
                var next = data.IndexOf(TsConstants.SyncByte);
                if (next < 0)
                    return;
                data = data[next..];
            }
            if (data.Length < TsConstants.PacketSize)
            {
                data.CopyTo(_carry);
                _carryLength = data.Length;
                return;
            }
            ProcessPacket(data[..TsConstants.PacketSize]);
            data = data[TsConstants.PacketSize..];
        }
    }

    /// <summary>End of input: hands over the PES still open (video PES of unbounded length end only here).</summary>
    public void Flush()
    {
        for (var i = 0; i < _stateCount; i++)
            Emit(_states[i]);
    }

    private void ProcessPacket(ReadOnlySpan<byte> packet)
    {
        Packets++;
        if ((packet[1] & 0x80) != 0)
            return; // transport_error_indicator: the sender's own corruption flag
        var payloadStart = (packet[1] & 0x40) != 0;
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        var adaptation = (packet[3] >> 4) & 0x3;
        var continuity = packet[3] & 0x0F;
        var offset = 4;
        var discontinuity = false;
        var randomAccess = false;
        if ((adaptation & 0x2) != 0)
        {
            var length = packet[4];
            if (length > 0)
            {
                discontinuity = (packet[5] & 0x80) != 0;
                randomAccess = (packet[5] & 0x40) != 0;
            }
            offset = 5 + length;
        }
        if ((adaptation & 0x1) == 0 || offset >= TsConstants.PacketSize)
            return; // no payload: continuity counter does not advance
        var payload = packet[offset..];

        if (pid == TsConstants.PatPid)
        {
            if (payloadStart)
                ParsePat(payload);
            return;
        }
        if (pid == _pmtPid)
        {
            if (payloadStart)
                ParsePmt(payload);
            return;
        }
        var state = Find(pid);
        if (state is null)
            return;
        if (!CheckContinuity(state, continuity, discontinuity))
            return;
        if (payloadStart)
        {
            Emit(state);
            state.Started = true;
            state.RandomAccess = randomAccess;
        }
        if (!state.Started)
            return; // joined mid-PES: wait for the next start
        if (!state.Append(payload, _maxPesSize))
        {
            Drop(state);
            return;
        }
        if (state.IsComplete)
            Emit(state);
    }

    private bool CheckContinuity(ElementaryStreamState state, int continuity, bool discontinuity)
    {
        var last = state.LastContinuity;
        state.LastContinuity = continuity;
        if (last < 0 || discontinuity)
            return true;
        if (continuity == last)
            return false; // a duplicate packet, allowed once by the standard
        if (continuity == ((last + 1) & 0x0F))
            return true;
        ContinityErrors++;
        // Counted only when a PES was in progress, but reported either way: the lost packet may have
        // started the next PES, whose rest is then skipped until another start.
        if (state.Started && state.Length > 0)
            DroppedPes++;
        state.Reset();
        _handler.OnPesLost(state.Pid, state.Codec);
        return true;
    }

    private void Drop(ElementaryStreamState state)
    {
        DroppedPes++;
        state.Reset();
        _handler.OnPesLost(state.Pid, state.Codec);
    }

    private void Emit(ElementaryStreamState state)
    {
        if (!state.Started || state.Length == 0)
        {
            state.Reset();
            return;
        }
        var pes = state.Data;
        if (!PesHeader.TryParse(pes, out var header))
        {
            Drop(state);
            return;
        }
        var end = header.PacketLength > 0 ? Math.Min(pes.Length, 6 + header.PacketLength) : pes.Length;
        if (end >= header.PayloadOffset)
            _handler.OnPes(new TsPesPacket(state.Pid, state.StreamType, state.Codec, header.Pts, header.Dts, header.HasPts,
                state.RandomAccess, pes[header.PayloadOffset..end]));
        state.Reset();
    }

    private ElementaryStreamState? Find(int pid)
    {
        for (var i = 0; i < _stateCount; i++)
            if (_states[i].Pid == pid)
                return _states[i];
        return null;
    }

    private bool TryReadSection(ReadOnlySpan<byte> payload, byte tableId, out ReadOnlySpan<byte> section)
    {
        section = default;
        var pointer = payload[0];
        if (1 + pointer + 3 > payload.Length)
            return Bad();
        var start = payload[(1 + pointer)..];
        if (start[0] != tableId)
            return false;
        var length = ((start[1] & 0x0F) << 8) | start[2];
        if (length < 9 || 3 + length > start.Length)
            return Bad(); // sections spanning packets never occur for one program; treat as damage
        section = start[..(3 + length)];
        if (MpegCrc32.Compute(section) != 0)
            return Bad(); // CRC over the section including its CRC field is 0 when intact
        return true;

        bool Bad()
        {
            SectionErrors++;
            return false;
        }
    }

    private void ParsePat(ReadOnlySpan<byte> payload)
    {
        if (!TryReadSection(payload, 0x00, out var section))
            return;
        var programs = section[8..^4];
        for (var i = 0; i + 4 <= programs.Length; i += 4)
        {
            var number = BinaryPrimitives.ReadUInt16BigEndian(programs[i..]);
            if (number == 0)
                continue; // network PID
            _pmtPid = ((programs[i + 2] & 0x1F) << 8) | programs[i + 3];
            return; // first program only
        }
    }

    private void ParsePmt(ReadOnlySpan<byte> payload)
    {
        if (!TryReadSection(payload, 0x02, out var section))
            return;
        var version = (section[5] >> 1) & 0x1F;
        if (version == _pmtVersion)
            return;
        _pmtVersion = version;
        var programInfoLength = ((section[10] & 0x0F) << 8) | section[11];
        var entries = section[Math.Min(12 + programInfoLength, section.Length - 4)..^4];
        var count = 0;
        while (entries.Length >= 5 && count < MaxStreams)
        {
            var type = (TsStreamType)entries[0];
            var pid = ((entries[1] & 0x1F) << 8) | entries[2];
            var infoLength = ((entries[3] & 0x0F) << 8) | entries[4];
            if (5 + infoLength > entries.Length)
                break;
            var opus = HasOpusRegistration(entries.Slice(5, infoLength));
            _program[count++] = new TsElementaryStream(pid, type, opus);
            entries = entries[(5 + infoLength)..];
        }
        for (var i = 0; i < count; i++)
        {
            var entry = _program[i];
            var state = Find(entry.Pid);
            if (state is null && _stateCount < MaxStreams)
                _states[_stateCount++] = state = new ElementaryStreamState(entry.Pid);
            if (state is null)
                continue;
            state.StreamType = entry.StreamType;
            state.Codec = TsStreamTypes.ToCodec(entry.StreamType, entry.HasOpusRegistration);
        }
        _handler.OnProgram(_program.AsSpan(0, count));
    }

    private static bool HasOpusRegistration(ReadOnlySpan<byte> descriptors)
    {
        while (descriptors.Length >= 2)
        {
            var tag = descriptors[0];
            var length = descriptors[1];
            if (2 + length > descriptors.Length)
                return false;
            if (tag == 0x05 && length >= 4 && descriptors.Slice(2, 4).SequenceEqual("Opus"u8))
                return true;
            descriptors = descriptors[(2 + length)..];
        }
        return false;
    }

    /// <summary>Reassembly state of one PID.</summary>
    private sealed class ElementaryStreamState(int pid)
    {
        private byte[] _buffer = new byte[16 * 1024];

        public int Pid { get; } = pid;
        public TsStreamType StreamType;
        public CodecId Codec;
        public int LastContinuity = -1;
        public bool Started;
        public bool RandomAccess;
        public int Length;

        public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Length);

        /// <summary>The PES declared its length and all of it is here.</summary>
        public bool IsComplete
        {
            get
            {
                if (Length < 6)
                    return false;
                var declared = (_buffer[4] << 8) | _buffer[5];
                return declared > 0 && Length >= 6 + declared;
            }
        }

        public bool Append(ReadOnlySpan<byte> payload, int limit)
        {
            var needed = Length + payload.Length;
            if (needed > limit)
                return false;
            if (needed > _buffer.Length)
                Array.Resize(ref _buffer, Math.Min(limit, Math.Max(needed, _buffer.Length * 2)));
            payload.CopyTo(_buffer.AsSpan(Length));
            Length = needed;
            return true;
        }

        public void Reset()
        {
            Started = false;
            Length = 0;
        }
    }
}
