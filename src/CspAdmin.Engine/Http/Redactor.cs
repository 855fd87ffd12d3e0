using System.Text.RegularExpressions;

namespace CspAdmin.Engine.Http
{
    /// <summary>Removes secrets from text before it is traced: tokens, passwords, client secrets.</summary>
    public static class Redactor
    {
        public const string Mask = "[redacted]";

        private static readonly Regex BearerToken = new Regex(@"(Bearer\s+)[^\s""',]+", RegexOptions.IgnoreCase | RegexOptions.Compiled);

        // Keys ending in a secret word ("forceChangePasswordNextSignIn" is not one): "password": "…", "newPassword":"…", "client_secret": "…", "access_token": …, "refresh_token" … in JSON.
        private static readonly Regex JsonSecret = new Regex(
            @"(""[A-Za-z_]*(password|secret|token|assertion)""\s*:\s*)(""(?:[^""\\]|\\.)*""|[^,}\]\s]+)",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        // password=…&client_secret=…&refresh_token=… in form bodies and query strings.
        private static readonly Regex FormSecret = new Regex(
            @"((?:^|[?&])[A-Za-z_]*(password|secret|token|assertion)=)[^&\s]*",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public static string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? "";
            }

            var result = BearerToken.Replace(text, "$1" + Mask);
            result = JsonSecret.Replace(result, "$1\"" + Mask + "\"");
            return FormSecret.Replace(result, "$1" + Mask);
        }
    }
}
