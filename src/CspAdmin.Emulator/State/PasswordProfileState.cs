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
