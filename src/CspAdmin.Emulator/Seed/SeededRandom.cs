using System;
using System.Collections.Generic;
using System.Text;

namespace CspAdmin.Emulator.Seed
{
    /// <summary>System.Random with a fixed seed plus the helpers the seed needs. Not thread-safe (the seed runs on one thread).</summary>
    internal sealed class SeededRandom
    {
        private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private readonly Random _random;

        public SeededRandom(int seed) => _random = new Random(seed);

        public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : _random.Next(maxExclusive);

        public int Between(int minInclusive, int maxInclusive) =>
            maxInclusive <= minInclusive ? minInclusive : _random.Next(minInclusive, maxInclusive + 1);

        public double NextDouble() => _random.NextDouble();

        public bool Chance(double probability) => _random.NextDouble() < probability;

        public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        public string Guid()
        {
            var bytes = new byte[16];
            _random.NextBytes(bytes);
            return Ids.ToGuidString(bytes);
        }

        public byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }

        public string Digits(int count)
        {
            var builder = new StringBuilder(count);
            builder.Append((char)('1' + _random.Next(9)));
            for (var i = 1; i < count; i++)
            {
                builder.Append((char)('0' + _random.Next(10)));
            }

            return builder.ToString();
        }

        /// <summary>An Entra-style client secret: 3 characters, "8Q~", then 34 characters.</summary>
        public string ClientSecret()
        {
            var builder = new StringBuilder(40);
            for (var i = 0; i < 3; i++)
            {
                builder.Append(SecretAlphabet[_random.Next(SecretAlphabet.Length)]);
            }

            builder.Append("8Q~");
            for (var i = 0; i < 34; i++)
            {
                builder.Append(SecretAlphabet[_random.Next(SecretAlphabet.Length)]);
            }

            return builder.ToString();
        }

        /// <summary>An NCE-style order id (not a GUID), e.g. "311qiN8iFwkv-XARWMvXRYAwYKMACVqv1".</summary>
        public string OrderId()
        {
            var builder = new StringBuilder(33);
            for (var i = 0; i < 33; i++)
            {
                builder.Append(i == 12 ? '-' : SecretAlphabet[_random.Next(SecretAlphabet.Length)]);
            }

            return builder.ToString();
        }

        /// <summary>Partial Fisher-Yates: <paramref name="count"/> distinct indexes from 0..n-1, in random order.</summary>
        public int[] Sample(int n, int count)
        {
            count = Math.Min(count, n);
            var indexes = new int[n];
            for (var i = 0; i < n; i++)
            {
                indexes[i] = i;
            }

            for (var i = 0; i < count; i++)
            {
                var j = i + _random.Next(n - i);
                var swap = indexes[i];
                indexes[i] = indexes[j];
                indexes[j] = swap;
            }

            var result = new int[count];
            Array.Copy(indexes, result, count);
            return result;
        }
    }
}
