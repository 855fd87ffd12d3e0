using System;
using CspAdmin.Engine.Http;
using Xunit;

namespace CspAdmin.Tests.Http
{
    public sealed class RetryAfterTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("2.128", 2128)]
        [InlineData("57", 57000)]
        [InlineData("0", 0)]
        [InlineData("-3", 0)]
        [InlineData("Sat, 21 Nov 2026 12:00:30 GMT", 30000)]
        [InlineData("Sat, 21 Nov 2026 11:00:00 GMT", 0)]
        public void ReadsSecondsFractionsAndDates(string header, int milliseconds)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryAfter.Parse(header, Now));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("soon")]
        public void NothingUsableMeansNoHint(string? header)
        {
            Assert.Null(RetryAfter.Parse(header, Now));
        }

        [Fact]
        public void BackoffGrowsWithJitterAndIsCapped()
        {
            var policy = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8) };
            var random = new Random(7);

            var first = policy.Backoff(1, random);
            var third = policy.Backoff(3, random);
            var tenth = policy.Backoff(10, random);

            Assert.InRange(first.TotalSeconds, 0.5, 1);
            Assert.InRange(third.TotalSeconds, 2, 4);
            Assert.InRange(tenth.TotalSeconds, 4, 8);
        }
    }
}
