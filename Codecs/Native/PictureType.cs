namespace InteropGateway.Codecs.Native;

/// <summary>enum AVPictureType. Setting <see cref="I"/> on a frame sent to an encoder forces a keyframe.</summary>
public enum PictureType
{
    None = 0,
    I = 1,
    P = 2,
    B = 3,
}
