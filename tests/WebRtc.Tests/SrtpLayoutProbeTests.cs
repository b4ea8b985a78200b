using InteropGateway.Tests.Shared;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InteropGateway.Adapters.WebRtc.Native;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// Compiles a C program with gcc against /usr/include/srtp2/srtp.h that prints sizeof/offsetof of every
/// srtp_policy_t field the binding maps, and the enum values it hard-codes: a libsrtp upgrade that moves
/// a field fails here, not in a stream.
/// </summary>
public sealed class SrtpLayoutProbeTests
{
    private static readonly (string Expression, long Expected)[] Checks =
    [
        ("sizeof(srtp_policy_t)", Unsafe.SizeOf<SrtpPolicy>()),
        ("offsetof(srtp_policy_t, ssrc.type)", Offset<SrtpPolicy>(nameof(SrtpPolicy.SsrcType))),
        ("offsetof(srtp_policy_t, ssrc.value)", Offset<SrtpPolicy>(nameof(SrtpPolicy.SsrcValue))),
        ("offsetof(srtp_policy_t, rtp)", Offset<SrtpPolicy>(nameof(SrtpPolicy.Rtp))),
        ("offsetof(srtp_policy_t, rtcp)", Offset<SrtpPolicy>(nameof(SrtpPolicy.Rtcp))),
        ("offsetof(srtp_policy_t, key)", Offset<SrtpPolicy>(nameof(SrtpPolicy.Key))),
        ("offsetof(srtp_policy_t, keys)", Offset<SrtpPolicy>(nameof(SrtpPolicy.Keys))),
        ("offsetof(srtp_policy_t, num_master_keys)", Offset<SrtpPolicy>(nameof(SrtpPolicy.MasterKeyCount))),
        ("sizeof(((srtp_policy_t*)0)->num_master_keys)", sizeof(ulong)),
        ("offsetof(srtp_policy_t, deprecated_ekt)", Offset<SrtpPolicy>(nameof(SrtpPolicy.DeprecatedEkt))),
        ("offsetof(srtp_policy_t, window_size)", Offset<SrtpPolicy>(nameof(SrtpPolicy.WindowSize))),
        ("sizeof(((srtp_policy_t*)0)->window_size)", sizeof(ulong)),
        ("offsetof(srtp_policy_t, allow_repeat_tx)", Offset<SrtpPolicy>(nameof(SrtpPolicy.AllowRepeatTx))),
        ("offsetof(srtp_policy_t, enc_xtn_hdr)", Offset<SrtpPolicy>(nameof(SrtpPolicy.EncryptedHeaderExtensionIds))),
        ("offsetof(srtp_policy_t, enc_xtn_hdr_count)", Offset<SrtpPolicy>(nameof(SrtpPolicy.EncryptedHeaderExtensionCount))),
        ("offsetof(srtp_policy_t, next)", Offset<SrtpPolicy>(nameof(SrtpPolicy.Next))),

        ("sizeof(srtp_crypto_policy_t)", Unsafe.SizeOf<SrtpCryptoPolicy>()),
        ("offsetof(srtp_crypto_policy_t, cipher_type)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.CipherType))),
        ("offsetof(srtp_crypto_policy_t, cipher_key_len)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.CipherKeyLength))),
        ("offsetof(srtp_crypto_policy_t, auth_type)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.AuthType))),
        ("offsetof(srtp_crypto_policy_t, auth_key_len)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.AuthKeyLength))),
        ("offsetof(srtp_crypto_policy_t, auth_tag_len)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.AuthTagLength))),
        ("offsetof(srtp_crypto_policy_t, sec_serv)", Offset<SrtpCryptoPolicy>(nameof(SrtpCryptoPolicy.SecurityServices))),
        ("sizeof(srtp_ssrc_type_t)", sizeof(SrtpSsrcType)),
        ("sizeof(srtp_err_status_t)", sizeof(SrtpStatus)),

        ("ssrc_any_inbound", (long)SrtpSsrcType.AnyInbound),
        ("ssrc_any_outbound", (long)SrtpSsrcType.AnyOutbound),
        ("srtp_err_status_ok", (long)SrtpStatus.Ok),
        ("srtp_err_status_fail", (long)SrtpStatus.Fail),
        ("srtp_err_status_bad_param", (long)SrtpStatus.BadParameter),
        ("srtp_err_status_alloc_fail", (long)SrtpStatus.AllocFail),
        ("srtp_err_status_init_fail", (long)SrtpStatus.InitFail),
        ("srtp_err_status_auth_fail", (long)SrtpStatus.AuthFail),
        ("srtp_err_status_cipher_fail", (long)SrtpStatus.CipherFail),
        ("srtp_err_status_replay_fail", (long)SrtpStatus.ReplayFail),
        ("srtp_err_status_replay_old", (long)SrtpStatus.ReplayOld),
        ("srtp_err_status_no_ctx", (long)SrtpStatus.NoContext),
        ("srtp_err_status_parse_err", (long)SrtpStatus.ParseError),
        ("SRTP_MAX_TAG_LEN", 16),
        ("SRTP_AES_ICM_128_KEY_LEN_WSALT", SrtpProfile.Aes128CmHmacSha1_80.KeyLength() + SrtpProfile.Aes128CmHmacSha1_80.SaltLength()),
        ("SRTP_AES_GCM_128_KEY_LEN_WSALT", SrtpProfile.AeadAes128Gcm.KeyLength() + SrtpProfile.AeadAes128Gcm.SaltLength()),
    ];

    [Fact]
    public void Every_mapped_offset_size_and_constant_matches_srtp_h()
    {
        var printed = CompileAndRunProbe();
        var mismatches = new List<string>();
        for (var i = 0; i < Checks.Length; i++)
        {
            if (printed[i] != Checks[i].Expected)
                mismatches.Add($"{Checks[i].Expression}: srtp.h says {printed[i]}, binding assumes {Checks[i].Expected}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public unsafe void Policy_helpers_fill_the_tag_lengths_the_profiles_assume()
    {
        SrtpCryptoPolicy cm = default, cmRtcp = default, gcm = default;
        SrtpImports.SetRtpDefault(&cm);
        SrtpImports.SetRtcpDefault(&cmRtcp);
        SrtpImports.SetAesGcm128Auth16(&gcm);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80.RtpTrailerLength(), cm.AuthTagLength);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80.RtcpTrailerLength() - 4, cmRtcp.AuthTagLength);
        Assert.Equal(SrtpProfile.AeadAes128Gcm.RtpTrailerLength(), gcm.AuthTagLength);
        Assert.Equal(30, cm.CipherKeyLength);
        Assert.Equal(28, gcm.CipherKeyLength);
    }

    private static long[] CompileAndRunProbe() =>
        CHeaderProbe.Evaluate(["srtp2/srtp.h"], Checks.Select(c => c.Expression).ToArray());

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();
}
