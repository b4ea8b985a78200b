namespace InteropGateway.Matrix;

/// <summary>What the label of a cell means (DESIGN §2).</summary>
public enum MatrixCellKind
{
    /// <summary>"none": pass through untouched; a codec the sink does not accept cannot be served.</summary>
    None,

    /// <summary>"maybe": settled by the stream's codecs; unaccepted codecs go to the sink's preferred codec.</summary>
    Maybe,

    /// <summary>Any other label ("H264/MPEG1", "Opus/AAC"): the cell lists the conversions it allows.</summary>
    Convert,
}
