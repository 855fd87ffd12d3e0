using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CspAdmin.Emulator
{
    /// <summary>
    /// A user's password as the emulator keeps it: only a salted PBKDF2 (HMAC-SHA256) hash, never the password, plus the
    /// sign-in flags of Graph's passwordProfile. Save writes this record, so saved state holds no password either.
    /// </summary>
    public sealed class PasswordProfileState
    {
        private const int Iterations = 1000;

        /// <summary>"pbkdf2-sha256$iterations$salt$hash" (salt and hash base64).</summary>
        public string PasswordHash { get; set; } = "";
        public bool ForceChangePasswordNextSignIn { get; set; }
        public bool ForceChangePasswordNextSignInWithMfa { get; set; }

        /// <summary>A profile for <paramref name="password"/> hashed with <paramref name="salt"/>.</summary>
        public static PasswordProfileState Create(string password, byte[] salt, bool forceChange, bool forceChangeWithMfa) =>
            new PasswordProfileState
            {
                PasswordHash = "pbkdf2-sha256$" + Iterations.ToString(CultureInfo.InvariantCulture) + "$" + Convert.ToBase64String(salt)
                    + "$" + Convert.ToBase64String(Derive(password, salt, Iterations)),
                ForceChangePasswordNextSignIn = forceChange,
                ForceChangePasswordNextSignInWithMfa = forceChangeWithMfa,
            };

        /// <summary>
        /// 16 bytes of salt for a user's password set at <paramref name="at"/>, keyed by the cloud's secret signing key: deterministic
        /// for a seed and a clock, yet not guessable.
        /// </summary>
        public static byte[] Salt(string signingKey, string tenantId, string userId, DateTimeOffset at) =>
            Keyed(signingKey, "password-salt|" + tenantId + "|" + userId + "|" + at.UtcTicks, 16);

        /// <summary>
        /// A password the emulator generates (the admin of a customer Partner Center creates): 16 printable characters with upper
        /// case, lower case, digits and symbols, derived from the signing key and <paramref name="purpose"/>, so runs are repeatable.
        /// </summary>
        public static string Generate(string signingKey, string purpose)
        {
            const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789", Symbols = "!#%+-=?@^_";
            var classes = new[] { Upper, Lower, Digits, Symbols };
            var bytes = Keyed(signingKey, "generated-password|" + purpose, 16);
            var password = new StringBuilder(bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                // The first four characters cover every class; the rest cycle through them.
                var alphabet = classes[i % classes.Length];
                password.Append(alphabet[bytes[i] % alphabet.Length]);
            }

            return password.ToString();
        }

        /// <summary>Whether <paramref name="password"/> is the password this profile was created with.</summary>
        public bool Matches(string password)
        {
            var parts = PasswordHash.Split('$');
            if (parts.Length != 4 || parts[0] != "pbkdf2-sha256"
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            {
                return false;
            }

            try
            {
                var expected = Convert.FromBase64String(parts[3]);
                var actual = Derive(password ?? "", Convert.FromBase64String(parts[2]), iterations);
                var difference = expected.Length ^ actual.Length;
                for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
                {
                    difference |= expected[i] ^ actual[i];
                }

                return difference == 0;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static byte[] Keyed(string signingKey, string message, int length)
        {
            using (var hmac = new HMACSHA256(Convert.FromBase64String(signingKey)))
            {
                var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(message));
                var result = new byte[length];
                Array.Copy(hash, result, length);
                return result;
            }
        }

        /// <summary>PBKDF2 (RFC 8018) with HMAC-SHA256, one 32-byte block.</summary>
        private static byte[] Derive(string password, byte[] salt, int iterations)
        {
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(password)))
            {
                var block = new byte[salt.Length + 4];
                Array.Copy(salt, block, salt.Length);
                block[block.Length - 1] = 1;
                var u = hmac.ComputeHash(block);
                var result = (byte[])u.Clone();
                for (var i = 1; i < iterations; i++)
                {
                    u = hmac.ComputeHash(u);
                    for (var j = 0; j < result.Length; j++)
                    {
                        result[j] ^= u[j];
                    }
                }

                return result;
            }
        }
    }
}
