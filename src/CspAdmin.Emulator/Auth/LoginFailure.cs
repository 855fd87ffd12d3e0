namespace CspAdmin.Emulator.Auth
{
    /// <summary>A refusal of the token endpoint, before it is written in Entra's error shape (status, error, AADSTS code, description).</summary>
    internal sealed class LoginFailure
    {
        public LoginFailure(int status, string error, int code, string description)
        {
            Status = status;
            Error = error;
            Code = code;
            Description = description;
        }

        public int Status { get; }
        public string Error { get; }
        public int Code { get; }
        public string Description { get; }

        /// <summary>401 invalid_client: the client failed to prove it is the app.</summary>
        public static LoginFailure InvalidClient(int code, string description) => new LoginFailure(401, "invalid_client", code, description);

        /// <summary>AADSTS50027, 400 invalid_request: the token or assertion cannot be read.</summary>
        public static LoginFailure Malformed(string reason) =>
            new LoginFailure(400, "invalid_request", 50027, "JWT token is invalid or malformed. " + reason);
    }
}
