using CspAdmin.Engine.Http;
using Xunit;

namespace CspAdmin.Tests.Http
{
    public sealed class RedactorTests
    {
        [Theory]
        [InlineData("Authorization: Bearer eyJ0eXAiOiJKV1Qi.abc.def", "eyJ0eXAiOiJKV1Qi")]
        [InlineData("{\"passwordProfile\":{\"password\":\"xWwvJ]6NMw+bWH-d\",\"forceChangePasswordNextSignIn\":true}}", "xWwvJ]6NMw+bWH-d")]
        [InlineData("{\"newPassword\": \"S3cret!pass\"}", "S3cret!pass")]
        [InlineData("grant_type=refresh_token&client_id=app&client_secret=very-secret&refresh_token=0.AAA-token", "very-secret")]
        [InlineData("grant_type=refresh_token&client_id=app&client_secret=very-secret&refresh_token=0.AAA-token", "0.AAA-token")]
        [InlineData("{\"access_token\":\"tok.en.value\",\"expires_in\":3599}", "tok.en.value")]
        [InlineData("https://x/token?client_secret=abc123&x=1", "abc123")]
        public void SecretsNeverSurvive(string text, string secret)
        {
            var redacted = Redactor.Redact(text);

            Assert.DoesNotContain(secret, redacted);
            Assert.Contains(Redactor.Mask, redacted);
        }

        [Fact]
        public void OrdinaryTextIsKept()
        {
            const string text = "{\"displayName\":\"Adele Vance\",\"usageLocation\":\"US\",\"forceChangePasswordNextSignIn\":true}";

            Assert.Equal(text, Redactor.Redact(text));
        }
    }
}
