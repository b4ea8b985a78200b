namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// The RFC 7741 §4.2 VP8 payload descriptor at the start of every VP8 RTP payload:
/// <code>
/// |X|R|N|S|R| PID |   X: extension byte follows, N: non-reference frame, S: start of a partition, PID: partition index
/// |I|L|T|K| RSV   |   (if X) I: PictureID, L: TL0PICIDX, T: TID/Y, K: KEYIDX follow
/// |M| PictureID   |   (if I) M=1: a 15-bit PictureID in two bytes, else 7 bits in one
/// |  TL0PICIDX    |   (if L)
/// |TID|Y| KEYIDX  |   (if T or K: one shared byte)
/// </code>
/// </summary>
public readonly record struct Vp8PayloadDescriptor(
    bool NonReference,
    bool StartOfPartition,
    int PartitionIndex,
    int? PictureId,
    bool LongPictureId,
    byte? Tl0PicIdx,
    int? TemporalLayer,
    bool LayerSync,
    int? KeyIndex,
    int Size)
{
    /// <summary>The first packet of a frame: S=1 on partition 0.</summary>
    public bool IsFrameStart => StartOfPartition && PartitionIndex == 0;

    /// <summary>False when the payload is too short for the descriptor it announces, or carries no VP8 data after it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
            return false;
        var first = payload[0];
        var offset = 1;
        int? pictureId = null;
        var longPictureId = false;
        byte? tl0PicIdx = null;
        int? temporalLayer = null, keyIndex = null;
        var layerSync = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
                return false;
            var extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                    return false;
                longPictureId = (payload[offset] & 0x80) != 0;
                if (longPictureId)
                {
                    if (payload.Length <= offset + 1)
                        return false;
                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset];
                    offset++;
                }
            }
            if ((extension & 0x40) != 0)
            {
                if (payload.Length <= offset)
                    return false;
                tl0PicIdx = payload[offset++];
            }
            if ((extension & 0x30) != 0)
            {
                if (payload.Length <= offset)
                    return false;
                var layers = payload[offset++];
                if ((extension & 0x20) != 0)
                {
                    temporalLayer = layers >> 6;
                    layerSync = (layers & 0x20) != 0;
                }
                if ((extension & 0x10) != 0)
                    keyIndex = layers & 0x1F;
            }
        }
        if (payload.Length <= offset)
            return false;
        descriptor = new Vp8PayloadDescriptor((first & 0x20) != 0, (first & 0x10) != 0, first & 0x07,
            pictureId, longPictureId, tl0PicIdx, temporalLayer, layerSync, keyIndex, offset);
        return true;
    }
}
