using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Security.Cryptography;

namespace CspAdmin.Engine.Users
{
    /// <summary>Microsoft Entra's password rules, and passwords that meet them from a cryptographic generator.</summary>
    public static class Passwords
    {
        private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        private const string Lower = "abcdefghijkmnopqrstuvwxyz";
        private const string Digits = "23456789";
        // Symbols Entra accepts that survive CSV files, shells and JSON without escaping surprises.
        private const string Symbols = "!#%+-=?@^_~";

        /// <summary>16 characters with every character class; ambiguous characters (0/O, 1/l/I) left out.</summary>
        public static SecureString Generate(int length = 16)
        {
            var all = Upper + Lower + Digits + Symbols;
            var chars = new char[length];
            using (var random = RandomNumberGenerator.Create())
            {
                chars[0] = Pick(random, Upper);
                chars[1] = Pick(random, Lower);
                chars[2] = Pick(random, Digits);
                chars[3] = Pick(random, Symbols);
                for (var i = 4; i < length; i++)
                {
                    chars[i] = Pick(random, all);
                }

                // Shuffle so the classes are not in fixed places (Fisher-Yates with the same generator).
                for (var i = length - 1; i > 0; i--)
                {
                    var j = Next(random, i + 1);
                    (chars[i], chars[j]) = (chars[j], chars[i]);
                }
            }

            var secure = ToSecureString(chars);
            Array.Clear(chars, 0, chars.Length);
            return secure;
        }

        /// <summary>A read-only SecureString of <paramref name="chars"/>, for passwords the services hand back.</summary>
        public static SecureString ToSecureString(IEnumerable<char> chars)
        {
            var secure = new SecureString();
            foreach (var c in chars)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>Throws UserPasswordInvalid unless the password has 8–256 characters from at least three of the four classes.</summary>
        public static void Validate(string password)
        {
            var classes = new[] { password.Any(char.IsUpper), password.Any(char.IsLower), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(x => x);
            if (password.Length < 8 || password.Length > 256 || classes < 3)
            {
                throw new CspException("UserPasswordInvalid", CspErrorCategory.InvalidArgument,
                    "The password does not meet Microsoft's rules: 8 to 256 characters, with at least three of upper case, lower case, digits and symbols.")
                {
                    RecommendedAction = "Leave -Password out to have a strong one generated.",
                };
            }
        }

        /// <summary>The plain text, for the one request that must carry it.</summary>
        public static string Reveal(SecureString secure) => new System.Net.NetworkCredential(string.Empty, secure).Password;

        private static char Pick(RandomNumberGenerator random, string alphabet) => alphabet[Next(random, alphabet.Length)];

        /// <summary>An unbiased number in [0, max) by rejection sampling.</summary>
        private static int Next(RandomNumberGenerator random, int max)
        {
            var bytes = new byte[4];
            var limit = uint.MaxValue - (uint.MaxValue % (uint)max);
            uint value;
            do
            {
                random.GetBytes(bytes);
                value = BitConverter.ToUInt32(bytes, 0);
            }
            while (value >= limit);

            return (int)(value % (uint)max);
        }
    }
}
