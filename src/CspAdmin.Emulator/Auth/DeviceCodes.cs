using System;
using System.Collections.Generic;
using System.Text;

namespace CspAdmin.Emulator.Auth
{
    internal enum DeviceCodeStatus
    {
        Pending,
        Approved,
        Declined,
    }

    /// <summary>One device code sign-in: what the client asked for and what the user decided.</summary>
    internal sealed class DeviceCodeGrant
    {
        public DeviceCodeGrant(string userCode, string deviceCode, string clientId, string scope, DateTimeOffset expiresAt)
        {
            UserCode = userCode;
            DeviceCode = deviceCode;
            ClientId = clientId;
            Scope = scope;
            ExpiresAt = expiresAt;
        }

        public string UserCode { get; }
        public string DeviceCode { get; }
        public string ClientId { get; }
        /// <summary>The scope of the devicecode request (the poll may repeat it).</summary>
        public string Scope { get; }
        public DateTimeOffset ExpiresAt { get; }
        public DeviceCodeStatus Status { get; set; }
    }

    /// <summary>
    /// Device code sign-ins in flight, by user code and by device code. Accessed under the cloud's lock; not saved (they live
    /// 15 minutes). A redeemed or expired code is forgotten.
    /// </summary>
    internal sealed class DeviceCodes
    {
        public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(900);
        /// <summary>Entra's alphabet for user codes: upper-case letters and digits without look-alikes.</summary>
        private const string UserCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        private readonly Dictionary<string, DeviceCodeGrant> _byUserCode = new Dictionary<string, DeviceCodeGrant>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DeviceCodeGrant> _byDeviceCode = new Dictionary<string, DeviceCodeGrant>(StringComparer.Ordinal);

        /// <summary>A new pending sign-in; <paramref name="newId"/> supplies the (seeded) randomness of both codes.</summary>
        public DeviceCodeGrant Start(string clientId, string scope, DateTimeOffset now, Func<string> newId)
        {
            Forget(now);
            string userCode;
            do
            {
                userCode = UserCode(newId());
            }
            while (_byUserCode.ContainsKey(userCode));

            var deviceCode = "DAQABIQEAAAD" + newId().Replace("-", "") + newId().Replace("-", "");
            var grant = new DeviceCodeGrant(userCode, deviceCode, clientId, scope, now + Lifetime);
            _byUserCode[userCode] = grant;
            _byDeviceCode[deviceCode] = grant;
            return grant;
        }

        public DeviceCodeGrant? FindByUserCode(string? userCode) =>
            userCode != null && _byUserCode.TryGetValue(userCode, out var grant) ? grant : null;

        public DeviceCodeGrant? FindByDeviceCode(string? deviceCode) =>
            deviceCode != null && _byDeviceCode.TryGetValue(deviceCode, out var grant) ? grant : null;

        /// <summary>A code is good for one set of tokens.</summary>
        public void Remove(DeviceCodeGrant grant)
        {
            _byUserCode.Remove(grant.UserCode);
            _byDeviceCode.Remove(grant.DeviceCode);
        }

        /// <summary>Drops codes that expired more than a lifetime ago (an expired code still answers expired_token for a while).</summary>
        private void Forget(DateTimeOffset now)
        {
            var stale = new List<DeviceCodeGrant>();
            foreach (var grant in _byDeviceCode.Values)
            {
                if (grant.ExpiresAt + Lifetime <= now)
                {
                    stale.Add(grant);
                }
            }

            foreach (var grant in stale)
            {
                Remove(grant);
            }
        }

        /// <summary>Nine characters like Entra's ("GHDSH3QTA"), from the hex digits of a seeded id.</summary>
        private static string UserCode(string id)
        {
            var hex = id.Replace("-", "");
            var code = new StringBuilder(9);
            for (var i = 0; i < 9; i++)
            {
                code.Append(UserCodeAlphabet[Convert.ToInt32(hex.Substring(i * 2, 2), 16) % UserCodeAlphabet.Length]);
            }

            return code.ToString();
        }
    }
}
